package io.cartographus.retention;

import io.cartographus.config.RetentionPolicy;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Decides which backups retention deletes (docs/design.md §7). Pure: no clock, no files; the same call serves
 * the preview and the apply. See the package documentation for the rules and a worked example.
 */
public final class Retention {

    /** Newest first; equal times put the larger id first (the "-2" of a same-second backup is newer). */
    static final Comparator<RetentionCandidate> NEWEST_FIRST = Comparator
            .comparing(RetentionCandidate::createdAt)
            .thenComparing(RetentionCandidate::id)
            .reversed();

    private Retention() {
    }

    /**
     * Plans retention for {@code backups} at {@code now}; day, week and month buckets use {@code zone}.
     *
     * @throws IllegalArgumentException on a negative policy value or a duplicate id
     */
    public static RetentionPlan plan(List<RetentionCandidate> backups, RetentionPolicy policy, Instant now,
            ZoneId zone) {
        Objects.requireNonNull(backups, "backups");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(zone, "zone");
        check(policy);
        rejectDuplicateIds(backups);

        List<Verdict> rows = backups.stream()
                .filter(RetentionCandidate::completed)
                .sorted(NEWEST_FIRST)
                .map(b -> new Verdict(b, zone))
                .toList();
        protect(rows, now);
        GfsRules.apply(rows.stream().filter(r -> !r.future).toList(), policy, now, zone);
        rows.stream().filter(r -> !r.future && r.keeps.isEmpty()).forEach(r -> r.delete("kept by no rule"));

        // MAX_DAYS counts calendar days in the zone, like the day buckets (a DST day is 23 or 25 h).
        Instant cutoff = policy.maxDays() > 0 ? now.atZone(zone).minusDays(policy.maxDays()).toInstant() : null;
        if (cutoff != null) {
            String why = "older than " + plural(policy.maxDays(), "day") + " (BACKUP_RETENTION_MAX_DAYS)";
            rows.stream().filter(r -> r.backup.createdAt().isBefore(cutoff)).forEach(r -> r.delete(why));
        }
        if (policy.maxCount() > 0) {
            applyMaxCount(rows, policy.maxCount());
        }
        applyMinCount(rows, policy.minCount());

        List<String> expired = cutoff == null ? List.of() : backups.stream()
                .filter(b -> b.failedOrCorrupted() && b.createdAt().isBefore(cutoff))
                .sorted(NEWEST_FIRST)
                .map(RetentionCandidate::id)
                .toList();
        return new RetentionPlan(
                rows.stream().map(r -> r.decision(policy.minCount())).toList(),
                expired,
                rows.size() < policy.minCount());
    }

    /** docs/design.md §7.6 plus clock skew: these are never deleted, whatever the rules below say. */
    private static void protect(List<Verdict> rows, Instant now) {
        for (Verdict r : rows) {
            if (r.backup.createdAt().isAfter(now)) {
                // The clock went back (or was ahead when it was taken): no rule can judge its age yet.
                r.future = true;
                r.guards.add("created after now (clock skew), judged once its time has passed");
            }
        }
        rows.stream().filter(r -> r.backup.verificationPassed()).findFirst()
                .ifPresent(r -> r.guards.add("newest verified backup (never deleted)"));
        rows.stream().filter(r -> r.backup.inUse()).forEach(r -> r.guards.add("in use"));
    }

    /**
     * Keeps the {@code maxCount} newest of what is left and deletes the older ones. A protected backup
     * takes a slot when it is among the newest; an older protected one stays on top of the ceiling
     * rather than pushing out a newer backup, because with MAX_COUNT=1 and verification still pending
     * that would delete every new backup and keep an old one forever.
     */
    private static void applyMaxCount(List<Verdict> rows, int maxCount) {
        String why = "beyond the " + maxCount + " newest (BACKUP_RETENTION_MAX_COUNT)";
        int position = 0;
        for (Verdict r : rows) {
            if (r.removed()) {
                continue;
            }
            if (position >= maxCount) {
                r.delete(why);
            }
            position++;
        }
    }

    /** Puts back the newest deleted backups until MIN_COUNT remain (protected ones count). */
    private static void applyMinCount(List<Verdict> rows, int minCount) {
        long remaining = rows.stream().filter(r -> !r.removed()).count();
        for (Verdict r : rows) {
            if (remaining >= minCount) {
                return;
            }
            if (r.removed()) {
                r.restoredByMinCount = true;
                remaining++;
            }
        }
    }

    /** "1 day", "90 days": reasons are read by people. */
    static String plural(int n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    private static void check(RetentionPolicy p) {
        Objects.requireNonNull(p, "policy");
        if (p.minCount() < 0 || p.maxCount() < 0 || p.maxDays() < 0 || p.keepRecentHours() < 0
                || p.keepDailyDays() < 0 || p.keepWeeklyWeeks() < 0 || p.keepMonthlyMonths() < 0) {
            throw new IllegalArgumentException("retention settings must not be negative: " + p);
        }
    }

    private static void rejectDuplicateIds(List<RetentionCandidate> backups) {
        Set<String> seen = new HashSet<>();
        for (RetentionCandidate b : backups) {
            if (!seen.add(b.id())) {
                throw new IllegalArgumentException("backup id " + b.id() + " appears twice in the index");
            }
        }
    }
}
