package io.cartographus.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code backup status} counts over the index, the same for the server and an offline CLI.
 * The last success is the newest completed backup that holds a database: a configuration-only
 * backup cannot bring the data back.
 *
 * @param successRate completed out of completed and failed, three decimals; null before any backup
 *     finished (no rate, rather than a 0 % that reads as "everything failed")
 * @param verification how many backups' last check passed, failed, or is pending
 */
public record BackupCounts(int total, long completed, long failed, long corrupted, long sizeBytes, Double successRate,
                           BackupRecord lastBackup, BackupRecord lastSuccess, Map<String, Long> verification) {

    /** @param newestFirst the index, newest first (as {@link Catalog#all()} gives it) */
    public static BackupCounts of(List<BackupRecord> newestFirst) {
        long completed = count(newestFirst, BackupStatus.COMPLETED);
        long failed = count(newestFirst, BackupStatus.FAILED);
        Map<String, Long> verification = new LinkedHashMap<>();
        for (String s : List.of("passed", "failed", "pending")) {
            verification.put(s, newestFirst.stream().filter(b -> b.verification() != null && s.equals(b.verification().status())).count());
        }
        Double rate = completed + failed == 0 ? null : Math.round(1000.0 * completed / (completed + failed)) / 1000.0;
        return new BackupCounts(newestFirst.size(), completed, failed, count(newestFirst, BackupStatus.CORRUPTED),
                newestFirst.stream().mapToLong(BackupRecord::sizeBytes).sum(), rate,
                newestFirst.isEmpty() ? null : newestFirst.get(0),
                newestFirst.stream().filter(b -> b.isCompleted() && b.hasDatabase()).findFirst().orElse(null),
                java.util.Collections.unmodifiableMap(verification));
    }

    private static long count(List<BackupRecord> all, BackupStatus s) {
        return all.stream().filter(b -> b.status() == s).count();
    }
}
