package io.cartographus.offsite;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An off-site object store, addressed by names relative to its prefix ({@code backup-<id>.tar.gz}).
 * Everything streams: memory does not grow with the size of an archive. Every method throws
 * {@link io.cartographus.error.BackupException}; {@code UNAVAILABLE} means "worth trying again"
 * (network, throttling, server errors), every other kind is final (missing bucket, rejected
 * credentials, checksum mismatch).
 */
public interface OffsiteStore extends AutoCloseable {
    /**
     * Uploads a file. {@code sha256} is the hex SHA-256 the file must have: the bytes sent are hashed
     * on the way and the object only becomes visible when they match (CORRUPT_ARCHIVE otherwise, and
     * nothing is left in the store). Large files go up in parts.
     */
    void put(String name, Path file, String sha256);

    /** Uploads a small object held in memory (a sidecar). */
    void put(String name, byte[] content);

    /**
     * Streams an object into {@code target} (temporary file, fsync, rename) and returns the hex
     * SHA-256 of what was received. When {@code expectedSha256} is not null and differs, the target is
     * not touched and CORRUPT_ARCHIVE is thrown.
     */
    String get(String name, Path target, String expectedSha256);

    /** Reads a small object (a sidecar) into memory; refuses objects over {@code maxBytes}. */
    byte[] read(String name, int maxBytes);

    /**
     * The objects whose names start with {@code namePrefix}, in name order: those directly under the
     * prefix, or, when {@code namePrefix} ends with '/' ({@code chunks/}), everything below it.
     */
    List<StoredObject> list(String namePrefix);

    /** The object's size and recorded checksum, or empty when there is no such object. */
    Optional<StoredObject> head(String name);

    /** Deletes an object; deleting a missing one is not an error. */
    void delete(String name);

    /** Where a name lives, for records and messages ({@code s3://bucket/prefix/name}). */
    String location(String name);

    @Override
    void close();
}
