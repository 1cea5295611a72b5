package io.cartographus.config;

import java.util.Locale;

/** How the tar stream is compressed; decides the archive's file extension. */
public enum Compression {
    NONE(".tar"),
    GZIP(".tar.gz"),
    ZSTD(".tar.zst");

    private final String extension;

    Compression(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code gzip} or {@code zstd} (the guide's algorithm names); null otherwise. */
    public static Compression parseAlgorithm(String s) {
        if ("gzip".equals(s)) {
            return GZIP;
        }
        if ("zstd".equals(s)) {
            return ZSTD;
        }
        return null;
    }
}
