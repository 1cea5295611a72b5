package io.cartographus.retention;

import io.cartographus.config.RetentionPolicy;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.time.temporal.WeekFields;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The four keep rules of docs/design.md §7 step 2 (Grandfather-Father-Son), adding reasons to verdicts. */
final class GfsRules {

    /**
     * Orders backups so that the best one is the greatest: verification passed, then full &gt;
     * database &gt; config, then newest, then the larger id (only so that ties are deterministic).
     */
    static final Comparator<RetentionCandidate> BEST = Comparator
            .comparing(RetentionCandidate::verificationPassed)
            .thenComparingInt(c -> typeRank(c))
            .thenComparing(RetentionCandidate::createdAt)
            .thenComparing(RetentionCandidate::id);

    private GfsRules() {
    }

    /** Adds keep reasons to {@code rows} (completed, not in the future, newest first). */
    static void apply(List<Verdict> rows, RetentionPolicy p, Instant now, ZoneId zone) {
        if (p.keepRecentHours() == 0 && p.keepDailyDays() == 0 && p.keepWeeklyWeeks() == 0
                && p.keepMonthlyMonths() == 0) {
            rows.forEach(r -> r.keeps.add("all keep rules are 0, so GFS keeps every backup"));
            return;
        }
        if (p.keepRecentHours() > 0) {
            Instant from = now.minus(Duration.ofHours(p.keepRecentHours()));
            for (Verdict r : rows) {
                if (!r.backup.createdAt().isBefore(from)) {
                    r.keeps.add("within the last " + Retention.plural(p.keepRecentHours(), "hour"));
                }
            }
        }
        LocalDate today = LocalDate.ofInstant(now, zone);
        if (p.keepDailyDays() > 0) {
            // "Today included": the last N calendar days, not the last N days that have a backup.
            LocalDate first = today.minusDays(p.keepDailyDays() - 1L);
            keepBest(rows, d -> d.isBefore(first) ? null : d, "day ");
        }
        if (p.keepWeeklyWeeks() > 0) {
            LocalDate firstMonday = monday(today).minusWeeks(p.keepWeeklyWeeks() - 1L);
            keepBest(rows, d -> monday(d).isBefore(firstMonday) ? null : new IsoWeek(d), "ISO week ");
        }
        if (p.keepMonthlyMonths() > 0) {
            YearMonth first = YearMonth.from(today).minusMonths(p.keepMonthlyMonths() - 1L);
            keepBest(rows, d -> YearMonth.from(d).isBefore(first) ? null : YearMonth.from(d), "month ");
        }
    }

    /** Keeps the best backup of each bucket; {@code bucketOf} returns null outside the window. */
    private static void keepBest(List<Verdict> rows, Function<LocalDate, Object> bucketOf, String label) {
        Map<Object, Verdict> best = new HashMap<>();
        for (Verdict r : rows) {
            Object bucket = bucketOf.apply(r.localDate);
            if (bucket != null) {
                best.merge(bucket, r, (a, b) -> BEST.compare(a.backup, b.backup) >= 0 ? a : b);
            }
        }
        best.forEach((bucket, r) -> r.keeps.add("best backup of " + label + bucket));
    }

    private static LocalDate monday(LocalDate d) {
        return d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static int typeRank(RetentionCandidate c) {
        return switch (c.type()) {
            case FULL -> 3;
            case DATABASE -> 2;
            case CONFIG -> 1;
        };
    }

    /** An ISO week, held as its Monday (any day of the week may be given), printed as 2026-W09. */
    private record IsoWeek(LocalDate monday) {
        IsoWeek {
            monday = GfsRules.monday(monday);
        }

        @Override
        public String toString() {
            return String.format("%d-W%02d", monday.get(WeekFields.ISO.weekBasedYear()),
                    monday.get(WeekFields.ISO.weekOfWeekBasedYear()));
        }
    }
}
