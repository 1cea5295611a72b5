package io.cartographus.validate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.archive.ArchiveReader;
import io.cartographus.config.Compression;
import io.cartographus.archive.EntryResult;
import io.cartographus.backup.Manifest;
import io.cartographus.crypto.ArchiveCipher;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.KeepOpenInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an archive of unknown origin once, writing nothing: how it is packed (compression,
 * encryption key id), the size and SHA-256 of every entry, and its manifest. Importing and the
 * start-up discovery of archives without a record use it to learn what an archive claims to be
 * before anything is unpacked; since nothing is written, a decompression bomb costs CPU time only,
 * and its entries are compared with the manifest before a byte of them reaches the disk.
 */
public final class ArchiveSurvey {
    private final ArchiveCipher cipher;
    private final ObjectMapper json;

    /** @param cipher decrypts encrypted archives; null when no key is configured */
    public ArchiveSurvey(ArchiveCipher cipher, ObjectMapper json) {
        this.cipher = cipher;
        this.json = json;
    }

    /**
     * What one pass found. {@code manifest} is null when it is missing or unreadable, with the reason
     * in {@code problems}; {@code problems} also lists every entry that does not match the manifest.
     */
    public record Survey(Compression compression, String keyId, List<EntryResult> entries, Manifest manifest,
                         List<String> problems) {
        public Survey {
            entries = List.copyOf(entries);
            problems = List.copyOf(problems);
        }

        public boolean encrypted() {
            return keyId != null;
        }

        /** The archive's file extension: {@code .tar.gz}, {@code .tar.zst}, {@code .tar}, plus {@code .enc}. */
        public String extension() {
            return compression.extension() + (encrypted() ? ".enc" : "");
        }

        /** The entries' total size, which bounds what unpacking the archive may write. */
        public long contentBytes() {
            return entries.stream().mapToLong(EntryResult::size).sum();
        }
    }

    /**
     * Reads {@code in} through the end of the archive (not closing it; bytes after the archive's end
     * are left unread). Throws {@link BackupException}: CORRUPT_ARCHIVE when the bytes are not a
     * readable archive (naming the entry), INVALID_REQUEST when it is encrypted with a key that is not
     * configured.
     *
     * @param limits how far entries may expand (see {@link ArchiveReader.Limits}); nothing is written,
     *     so this bounds the work, not the disk
     */
    public Survey survey(InputStream in, ArchiveReader.Limits limits) {
        try {
            BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
            buffered.mark(4096);
            byte[] head = buffered.readNBytes(512);
            buffered.reset();
            if (ArchiveCipher.isEncrypted(head)) {
                String keyId = ArchiveCipher.readHeader(buffered).keyId();
                buffered.reset();
                if (cipher == null) {
                    throw new BackupException(ErrorKind.INVALID_REQUEST, "the archive is encrypted with key id '" + keyId
                            + "' but no encryption key is configured", "set BACKUP_ENCRYPTION_KEY (or BACKUP_ENCRYPTION_OLD_KEYS)", null);
                }
                // Closing the decrypting stream authenticates whatever the tar reader left unread (the tail);
                // the caller's stream stays open: it hashes and stores what follows.
                try (InputStream decrypting = cipher.decrypting(new KeepOpenInputStream(buffered))) {
                    BufferedInputStream decrypted = new BufferedInputStream(decrypting, 1 << 16);
                    decrypted.mark(1024);
                    head = decrypted.readNBytes(512);
                    decrypted.reset();
                    return read(decrypted, head, keyId, limits);
                }
            }
            return read(buffered, head, null, limits);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "the archive could not be read: " + e.getMessage(), e);
        }
    }

    private Survey read(InputStream plain, byte[] head, String keyId, ArchiveReader.Limits limits) {
        Compression compression = ArchiveReader.detect(head);
        Manifests found = new Manifests();
        List<EntryResult> entries = ArchiveReader.scan(plain, compression, limits, found::entry);
        List<String> problems = new ArrayList<>();
        Manifest manifest = ArchiveVerifier.parseManifest(json, found.manifest, problems);
        if (manifest != null) {
            ArchiveVerifier.entriesMatch(manifest, entries, problems);
            // Our archives list every entry but the manifest itself; anything else was added later.
            entries.stream().map(EntryResult::name)
                    .filter(n -> !n.equals(Manifest.NAME) && manifest.files().stream().noneMatch(f -> f.name().equals(n)))
                    .forEach(n -> problems.add("entry " + n + " is not listed in the manifest"));
        }
        return new Survey(compression, keyId, entries, manifest, problems);
    }

    /** Keeps manifest.json; a database entry's head is checked ({@link DatabaseHead}); the rest is only hashed (by the scan). */
    private static final class Manifests {
        byte[] manifest;

        void entry(String name, long size, InputStream content) throws IOException {
            if (name.startsWith(Manifest.DATABASE_DIR) && !name.endsWith(".wal")) {
                DatabaseHead.read(name, content);
            }
            if (name.equals(Manifest.NAME)) {
                manifest = content.readNBytes((int) ArchiveVerifier.SMALL_ENTRY_LIMIT + 1);
                if (manifest.length > ArchiveVerifier.SMALL_ENTRY_LIMIT) {
                    throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, Manifest.NAME + " is larger than "
                            + (ArchiveVerifier.SMALL_ENTRY_LIMIT >> 20) + " MiB: not one of our archives");
                }
            }
        }
    }

}
