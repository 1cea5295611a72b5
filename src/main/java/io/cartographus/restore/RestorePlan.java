package io.cartographus.restore;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * What a restore will do, decided before any archive is read: which backup, what it replaces, how
 * the current data is kept safe, the checks on the way, and rough costs. {@code candidates} are the
 * backups "latest" tries in order when the first does not validate.
 */
public record RestorePlan(
        @JsonProperty("backup_id") String backupId,
        @JsonProperty("backup_type") String backupType,
        @JsonProperty("backup_created_at") Instant backupCreatedAt,
        @JsonProperty("backup_records") long backupRecords,
        @JsonProperty("backup_size_bytes") long backupSizeBytes,
        @JsonProperty("live_readable") boolean liveReadable,
        @JsonProperty("live_records") long liveRecords,
        @JsonProperty("restore_database") boolean restoreDatabase,
        @JsonProperty("restore_config") boolean restoreConfig,
        @JsonProperty("validate_only") boolean validateOnly,
        @JsonProperty("safety") Safety safety,
        @JsonProperty("space_needed_bytes") long spaceNeededBytes,
        @JsonProperty("free_bytes") long freeBytes,
        @JsonProperty("checks") List<String> checks,
        @JsonProperty("estimated_seconds") long estimatedSeconds,
        @JsonProperty("candidates") List<String> candidates,
        @JsonProperty("warnings") List<String> warnings) {

    /** How the data in place now survives the restore. */
    public enum Safety {
        /** A full backup of the live database is taken first (trigger pre_restore). */
        PRE_RESTORE_BACKUP,
        /** The live files are renamed aside, byte for byte: no backup is asked for, or the database cannot be read. */
        KEEP_FILES_ASIDE,
        /** The live database holds no data: nothing to keep. */
        NOT_NEEDED,
        /** The database is not replaced (configuration only, or validate only). */
        NONE
    }

    public RestorePlan {
        checks = List.copyOf(checks);
        candidates = List.copyOf(candidates);
        warnings = List.copyOf(warnings);
    }
}
