package io.cartographus.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A backup's state: only {@code completed} backups can be restored or take part in retention. */
public enum BackupStatus {
    IN_PROGRESS,
    COMPLETED,
    FAILED,
    /** The archive is missing or no longer matches its checksum. */
    CORRUPTED;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static BackupStatus parse(String label) {
        for (BackupStatus s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        return null;
    }
}
