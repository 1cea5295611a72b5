package io.cartographus.retention;

import io.cartographus.config.RetentionPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Contradictions between retention settings (docs/design.md §2: logged once at start-up). Each warning says
 * what {@link Retention#plan} will actually do, because the rules are applied in a fixed order
 * (GFS, MAX_DAYS, MAX_COUNT, MIN_COUNT, protections) and a later rule wins.
 */
public final class RetentionWarnings {

    private RetentionWarnings() {
    }

    public static List<String> of(RetentionPolicy p) {
        List<String> out = new ArrayList<>();
        keepRules(p, out);
        if (p.maxDays() > 0) {
            maxDaysWarnings(p, out);
        }
        int wanted = p.keepDailyDays() + p.keepWeeklyWeeks() + p.keepMonthlyMonths();
        if (p.maxCount() > 0 && p.maxCount() < wanted) {
            out.add("BACKUP_RETENTION_MAX_COUNT=" + p.maxCount() + " is smaller than the up to " + wanted
                    + " backups the keep rules ask for (" + p.keepDailyDays() + " daily + "
                    + p.keepWeeklyWeeks() + " weekly + " + p.keepMonthlyMonths() + " monthly):"
                    + " at most " + p.maxCount() + " backups will be kept; the oldest GFS backups will be deleted");
        }
        counts(p, out);
        return List.copyOf(out);
    }

    /**
     * The warnings of {@link #of} that the configuration loader does not give (it already covers
     * MAX_DAYS against the keep windows and MAX_COUNT against the GFS rules), so that start-up logs
     * each contradiction once.
     */
    public static List<String> beyondConfigLoader(RetentionPolicy p) {
        List<String> out = new ArrayList<>();
        keepRules(p, out);
        counts(p, out);
        return List.copyOf(out);
    }

    private static void keepRules(RetentionPolicy p, List<String> out) {
        boolean noKeepRules = p.keepRecentHours() == 0 && p.keepDailyDays() == 0 && p.keepWeeklyWeeks() == 0
                && p.keepMonthlyMonths() == 0;
        if (noKeepRules) {
            out.add(p.maxDays() == 0 && p.maxCount() == 0
                    ? "all BACKUP_RETENTION_KEEP_* rules are 0 and MAX_DAYS and MAX_COUNT are 0 (unlimited):"
                            + " no backup is ever deleted; the backup directory grows without limit"
                    : "all BACKUP_RETENTION_KEEP_* rules are 0: every backup is kept by GFS;"
                            + " only MAX_DAYS/MAX_COUNT delete");
        }
    }

    private static void counts(RetentionPolicy p, List<String> out) {
        if (p.maxCount() > 0 && p.minCount() > p.maxCount()) {
            out.add("BACKUP_RETENTION_MIN_COUNT=" + p.minCount() + " is larger than BACKUP_RETENTION_MAX_COUNT="
                    + p.maxCount() + ": MIN_COUNT is applied last and wins, so " + p.minCount()
                    + " backups are kept when that many exist");
        }
        if (p.maxCount() == 1) {
            out.add("BACKUP_RETENTION_MAX_COUNT=1: the newest verified backup is never deleted, so while a newer"
                    + " backup is not yet verified two backups are kept");
        }
    }

    private static void maxDaysWarnings(RetentionPolicy p, List<String> out) {
        String maxDays = "BACKUP_RETENTION_MAX_DAYS=" + p.maxDays();
        // A month bucket can hold backups up to ~31 days older than the month's start, so the monthly
        // rule reaches back about 30 days per month; the exact figure depends on today's date.
        if (p.keepMonthlyMonths() > 0 && p.maxDays() < p.keepMonthlyMonths() * 30) {
            out.add(maxDays + " is shorter than the monthly window (" + p.keepMonthlyMonths()
                    + " months, about " + p.keepMonthlyMonths() * 30 + " days): monthly backups older than "
                    + p.maxDays() + " days will be deleted, so only the months of the last " + p.maxDays()
                    + " days keep a monthly backup");
        }
        if (p.keepWeeklyWeeks() > 0 && p.maxDays() < p.keepWeeklyWeeks() * 7) {
            out.add(maxDays + " is shorter than the weekly window (" + p.keepWeeklyWeeks() + " weeks, "
                    + p.keepWeeklyWeeks() * 7 + " days): weekly backups older than " + p.maxDays()
                    + " days will be deleted");
        }
        if (p.keepDailyDays() > p.maxDays()) {
            out.add(maxDays + " is shorter than the daily window (" + p.keepDailyDays()
                    + " days): daily backups older than " + p.maxDays() + " days will be deleted");
        }
        if (p.keepRecentHours() > p.maxDays() * 24L) {
            out.add(maxDays + " is shorter than BACKUP_RETENTION_KEEP_RECENT_HOURS=" + p.keepRecentHours()
                    + ": backups older than " + p.maxDays() + " days will be deleted even though they are recent");
        }
    }
}
