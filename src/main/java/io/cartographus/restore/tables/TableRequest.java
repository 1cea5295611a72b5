package io.cartographus.restore.tables;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Which tables to restore and how; checked before anything is read. */
public record TableRequest(List<String> tables, Mode mode) {
    public enum Mode {
        /** The table becomes equal to the backup's. */
        REPLACE,
        /** The backup's rows whose key is missing live are inserted; nothing else changes. */
        MERGE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param tables null when the request named none (then no table restore is asked for)
     * @param mode null for the default, {@code replace}
     * @return null when neither is given: a full restore
     */
    public static TableRequest parse(List<String> tables, String mode) {
        if (tables == null) {
            if (mode != null) {
                throw invalid("mode applies to a table restore only: give tables too, e.g. \"tables\": [\"playback_events\"]");
            }
            return null;
        }
        if (tables.isEmpty()) {
            throw invalid("tables is empty: name at least one table, or leave tables out for a full restore");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String t : tables) {
            if (t == null || t.isBlank()) {
                throw invalid("tables must be table names, got an empty one");
            }
            if (!unique.add(t)) {
                throw invalid("table " + t + " is named twice");
            }
        }
        Mode m = mode == null ? Mode.REPLACE : switch (mode) {
            case "replace" -> Mode.REPLACE;
            case "merge" -> Mode.MERGE;
            default -> throw invalid("unknown mode '" + mode + "'; valid: replace, merge");
        };
        return new TableRequest(List.copyOf(unique), m);
    }

    private static BackupException invalid(String message) {
        return new BackupException(ErrorKind.INVALID_REQUEST, message);
    }
}
