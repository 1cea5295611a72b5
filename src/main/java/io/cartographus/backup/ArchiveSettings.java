package io.cartographus.backup;

import io.cartographus.config.Compression;
import io.cartographus.crypto.ArchiveCipher;

/** How new archives are written: compression, level, threads, and the cipher (null: unencrypted). */
public record ArchiveSettings(Compression compression, int level, int threads, ArchiveCipher cipher, String keyId) {
    public boolean encrypted() {
        return cipher != null;
    }

    public String extension() {
        return compression.extension() + (encrypted() ? ".enc" : "");
    }
}
