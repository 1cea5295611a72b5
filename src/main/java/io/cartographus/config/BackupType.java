package io.cartographus.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The guide's three backup types, with exactly its contents. */
public enum BackupType {
    /** Database, configuration snapshot and metadata. */
    FULL(true, true),
    /** DuckDB database files only. */
    DATABASE(true, false),
    /** Sanitized configuration only. */
    CONFIG(false, true);

    private final boolean hasDatabase;
    private final boolean hasConfig;

    BackupType(boolean hasDatabase, boolean hasConfig) {
        this.hasDatabase = hasDatabase;
        this.hasConfig = hasConfig;
    }

    public boolean hasDatabase() {
        return hasDatabase;
    }

    public boolean hasConfig() {
        return hasConfig;
    }

    /** The lower-case name used in JSON, ids and configuration. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static String validLabels() {
        return Arrays.stream(values()).map(BackupType::label).collect(Collectors.joining(", "));
    }

    /** Parses a label; returns null when it is not one of ours. */
    @JsonCreator
    public static BackupType parse(String label) {
        if (label == null) {
            return null;
        }
        for (BackupType t : values()) {
            if (t.label().equals(label)) {
                return t;
            }
        }
        return null;
    }
}
