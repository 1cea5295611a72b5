package io.cartographus.config;

/** Everything the program is configured with, validated once at start-up, then immutable. */
public record AppConfig(HostConfig host, BackupConfig backup, DuckDbConfig duckdb) {
    /** A configuration built in code: DuckDB's limits are this process's defaults. */
    public AppConfig(HostConfig host, BackupConfig backup) {
        this(host, backup, DuckDbConfig.defaultsHere());
    }
}
