package io.cartographus.validate;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which backups one scrub run checks: those with an archive (completed or corrupted) whose last
 * check is at least {@code interval} old, oldest check first, as many as fit in {@code byteBudget}
 * of archive bytes, and always at least one (a single archive bigger than the budget is still
 * checked, alone). A backup whose first test restore is still pending is left to that.
 */
public final class ScrubPlan {
    private static final Comparator<BackupRecord> OLDEST_CHECK_FIRST =
            Comparator.comparing(BackupRecord::lastCheckedAt).thenComparing(BackupRecord::id);

    private ScrubPlan() {
    }

    public static List<BackupRecord> pick(List<BackupRecord> all, Instant now, Duration interval, long byteBudget) {
        Instant dueBefore = now.minus(interval);
        List<BackupRecord> due = new ArrayList<>(all.stream()
                .filter(r -> r.status() == BackupStatus.COMPLETED || r.status() == BackupStatus.CORRUPTED)
                .filter(r -> r.fileName() != null && r.lastCheckedAt() != null)
                .filter(r -> r.verification() == null || !"pending".equals(r.verification().status()))
                .filter(r -> !r.lastCheckedAt().isAfter(dueBefore))
                .toList());
        due.sort(OLDEST_CHECK_FIRST);
        List<BackupRecord> picked = new ArrayList<>();
        long bytes = 0;
        for (BackupRecord r : due) {
            if (!picked.isEmpty() && bytes + r.sizeBytes() > byteBudget) {
                break;
            }
            picked.add(r);
            bytes += r.sizeBytes();
        }
        return picked;
    }
}
