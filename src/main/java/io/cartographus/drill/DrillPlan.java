package io.cartographus.drill;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The pure decisions of a restore drill: which local backup it takes, and when the next one is due. */
public final class DrillPlan {
    /** The longest wait after start-up for a first drill, and after one that could not run (busy, nothing to drill). */
    static final Duration MAX_RETRY = Duration.ofMinutes(15);

    private static final Comparator<BackupRecord> NEWEST_FIRST = Comparator.comparing(BackupRecord::createdAt).reversed();

    private DrillPlan() {
    }

    /**
     * The newest backup with a database and an archive that a restore could be asked for: completed,
     * or corrupted (a known-damaged newest backup is drilled and fails, rather than being skipped for an
     * older one; docs/design.md §19). In progress and failed backups have no archive to restore.
     * Backups of the same second keep the order given (the catalog's, newest first).
     */
    public static Optional<BackupRecord> newestLocal(List<BackupRecord> all) {
        return all.stream()
                .filter(r -> r.status() == BackupStatus.COMPLETED || r.status() == BackupStatus.CORRUPTED)
                .filter(r -> r.type().hasDatabase() && r.fileName() != null && r.createdAt() != null)
                .min(NEWEST_FIRST);
    }

    /**
     * When the next scheduled drill is due: {@code interval} after the last one started, but never
     * before {@code notBefore} (a first drill shortly after start-up, or a retry after one that could
     * not run). Null when drills are off.
     */
    public static Instant next(Instant lastStarted, Instant notBefore, Duration interval) {
        if (interval.isZero()) {
            return null;
        }
        if (lastStarted == null) {
            return notBefore;
        }
        Instant due = lastStarted.plus(interval);
        return notBefore != null && notBefore.isAfter(due) ? notBefore : due;
    }

    /** How long to wait before trying again (and before the first drill after start-up): a quarter-hour, or the interval if shorter. */
    public static Duration retryDelay(Duration interval) {
        return interval.compareTo(MAX_RETRY) < 0 ? interval : MAX_RETRY;
    }
}
