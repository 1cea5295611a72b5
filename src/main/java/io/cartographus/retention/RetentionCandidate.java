package io.cartographus.retention;

import io.cartographus.config.BackupType;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What retention needs to know about one backup record; nothing else of the record matters to it.
 *
 * @param status             the record's status: {@code in_progress}, {@code completed}, {@code failed}
 *                           or {@code corrupted}
 * @param verificationPassed true only when the test-restore passed (pending and failed are false)
 * @param inUse              the backup is being restored or downloaded right now
 */
public record RetentionCandidate(
        String id,
        Instant createdAt,
        BackupType type,
        String status,
        boolean verificationPassed,
        boolean inUse) {

    static final String COMPLETED = "completed";
    private static final Set<String> STATUSES = Set.of("in_progress", COMPLETED, "failed", "corrupted");

    public RetentionCandidate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        // An unknown status must not silently fall out of retention (neither kept nor expired).
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("backup " + id + " has unknown status '" + status
                    + "' (expected in_progress, completed, failed or corrupted)");
        }
    }

    boolean completed() {
        return COMPLETED.equals(status);
    }

    /** Failed and corrupted records stay visible for MAX_DAYS, then leave the index. */
    boolean failedOrCorrupted() {
        return "failed".equals(status) || "corrupted".equals(status);
    }
}
