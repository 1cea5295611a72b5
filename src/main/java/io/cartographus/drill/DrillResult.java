package io.cartographus.drill;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One restore drill, as {@code backup/status} shows it under {@code last_drill}.
 *
 * @param backupId the backup drilled; null when the drill failed before one was chosen (the bucket could not be listed)
 * @param source "local" (BACKUP_DIR) or "offsite" (downloaded from the bucket)
 * @param durationMs from the first byte fetched to a usable database: the recovery time to expect
 * @param message what was done and, for a failure, which backup and why
 */
public record DrillResult(
        @JsonProperty("backup_id") String backupId,
        @JsonProperty("source") String source,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("duration_ms") long durationMs,
        @JsonProperty("passed") boolean passed,
        @JsonProperty("message") String message) {

    public static final String LOCAL = "local";
    public static final String OFFSITE = "offsite";

    /** When it ended. */
    public Instant finishedAt() {
        return startedAt.plusMillis(durationMs);
    }
}
