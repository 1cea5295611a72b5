package io.cartographus.backup;

import io.cartographus.config.BackupType;
import io.cartographus.catalog.Trigger;

/** What to back up and why. Notes are the operator's words, at most 500 characters. */
public record BackupRequest(BackupType type, Trigger trigger, String notes) {
    public static final int MAX_NOTES = 500;
}
