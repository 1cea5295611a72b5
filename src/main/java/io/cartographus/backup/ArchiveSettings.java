package io.cartographus.backup;

import io.cartographus.chunks.DedupStore;
import io.cartographus.config.Compression;
import io.cartographus.crypto.ArchiveCipher;

/**
 * How new archives are written: compression, level, threads, the cipher (null: unencrypted), and
 * the chunk store (null: none; when enabled, the database part goes into it).
 */
public record ArchiveSettings(Compression compression, int level, int threads, ArchiveCipher cipher, String keyId,
                              DedupStore dedup) {
    /** Without a chunk store. */
    public ArchiveSettings(Compression compression, int level, int threads, ArchiveCipher cipher, String keyId) {
        this(compression, level, threads, cipher, keyId, null);
    }

    /** Whether new backups put their database file into the chunk store. */
    public boolean deduplicating() {
        return dedup != null && dedup.enabled();
    }

    public boolean encrypted() {
        return cipher != null;
    }

    public String extension() {
        return compression.extension() + (encrypted() ? ".enc" : "");
    }
}
