package io.cartographus.config;


/**
 * BACKUP_COMPRESSION_ENABLED, _LEVEL, _ALGORITHM. {@link #effective()} is what archives use:
 * {@link Compression#NONE} when compression is disabled.
 */
public record CompressionConfig(boolean enabled, int level, Compression algorithm) {
    public Compression effective() {
        return enabled ? algorithm : Compression.NONE;
    }
}
