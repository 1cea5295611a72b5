package io.cartographus.bench;

import java.util.Map;

/** The archive settings compared, as the environment variables an operator would set. */
enum Setting {
    GZIP6(Map.of("BACKUP_COMPRESSION_ALGORITHM", "gzip", "BACKUP_COMPRESSION_LEVEL", "6")),
    ZSTD3(Map.of("BACKUP_COMPRESSION_ALGORITHM", "zstd", "BACKUP_COMPRESSION_LEVEL", "3")),
    ZSTD3_ENCRYPTED(Map.of("BACKUP_COMPRESSION_ALGORITHM", "zstd", "BACKUP_COMPRESSION_LEVEL", "3",
            "BACKUP_ENCRYPTION_ENABLED", "true")),
    ZSTD3_DEDUP(Map.of("BACKUP_COMPRESSION_ALGORITHM", "zstd", "BACKUP_COMPRESSION_LEVEL", "3", "BACKUP_DEDUP", "true")),
    NONE(Map.of("BACKUP_COMPRESSION_ENABLED", "false"));

    private final Map<String, String> variables;

    Setting(Map<String, String> variables) {
        this.variables = variables;
    }

    Map<String, String> variables() {
        return variables;
    }
}
