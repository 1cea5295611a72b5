package io.cartographus.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Why a backup was taken, recorded truthfully (the guide's "Backup Triggers" table). */
public enum Trigger {
    MANUAL,
    SCHEDULED,
    PRE_SYNC,
    PRE_RESTORE,
    RETENTION;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static String validLabels() {
        return Arrays.stream(values()).map(Trigger::label).collect(Collectors.joining(", "));
    }

    @JsonCreator
    public static Trigger parse(String label) {
        for (Trigger t : values()) {
            if (t.label().equals(label)) {
                return t;
            }
        }
        return null;
    }
}
