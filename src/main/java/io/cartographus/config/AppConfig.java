package io.cartographus.config;

/** Everything the program is configured with, validated once at start-up, then immutable. */
public record AppConfig(HostConfig host, BackupConfig backup) {
}
