package io.cartographus.offsite;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.catalog.BackupFiles;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupRecord.OffsiteState;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one backup to the store: for a deduplicated backup first the chunks the bucket lacks and
 * its reference list ({@link ChunkMirror}), then the archive (skipped when an identical copy is
 * already there), its {@code .sha256}, and last its {@code .json} record, which already says where
 * the copy is: a backup whose sidecar is in the bucket is complete there, chunks included.
 */
final class Uploader {
    private static final Logger log = LoggerFactory.getLogger(Uploader.class);

    private final OffsiteStore store;
    private final BackupFiles files;
    private final ObjectMapper json;
    private final ChunkMirror chunks;

    /** @param chunks copies the chunk store; null when there is none (a deduplicated backup then fails to upload) */
    Uploader(OffsiteStore store, BackupFiles files, ObjectMapper json, ChunkMirror chunks) {
        this.store = store;
        this.files = files;
        this.json = json;
        this.chunks = chunks;
    }

    /**
     * Uploads and returns the state to record; throws when any object could not be stored.
     *
     * @param listing what the bucket's {@code chunks/} holds, for a round of several uploads; null:
     *     listed here when the backup is deduplicated
     */
    OffsiteState upload(BackupRecord r, RemoteChunks.Listing listing) {
        if (r.fileName() == null || !RemoteBackup.isArchiveName(r.id(), r.fileName()) || r.checksum() == null) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "backup " + r.id() + " has no archive to upload (" + r.status().label() + ")");
        }
        Path archive = files.archive(r.fileName());
        if (!Files.isRegularFile(archive)) {
            throw new BackupException(ErrorKind.NOT_FOUND, "cannot upload backup " + r.id() + ": " + archive + " is missing");
        }
        if (r.deduplicated()) {
            if (chunks == null) {
                throw new BackupException(ErrorKind.INTERNAL, "backup " + r.id() + " is deduplicated and no chunk store is wired");
            }
            chunks.upload(r.id(), listing == null ? chunks.list() : listing);
        }
        Optional<StoredObject> there = store.head(r.fileName());
        if (there.isPresent() && there.get().size() == r.sizeBytes() && r.checksum().equalsIgnoreCase(there.get().sha256())) {
            log.info("off-site: {} is already in {} with the same SHA-256; not sent again", r.fileName(), store.location(""));
        } else {
            long t0 = System.nanoTime();
            store.put(r.fileName(), archive, r.checksum());
            long ms = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
            log.info("off-site: uploaded {} ({} bytes) in {} ms ({} MB/s)", store.location(r.fileName()), r.sizeBytes(), ms,
                    String.format(java.util.Locale.ROOT, "%.1f", r.sizeBytes() / 1e3 / ms));
        }
        store.put(RemoteBackup.checksumName(r.id()), (r.checksum() + "  " + r.fileName() + "\n").getBytes(StandardCharsets.US_ASCII));
        OffsiteState state = new OffsiteState("uploaded", store.location(r.fileName()), Instant.now().truncatedTo(ChronoUnit.SECONDS), null);
        try {
            store.put(RemoteBackup.recordName(r.id()), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(r.withOffsite(state)));
        } catch (IOException e) {
            throw new BackupException(ErrorKind.INTERNAL, "cannot write the record of " + r.id() + " as JSON", e);
        }
        return state;
    }
}
