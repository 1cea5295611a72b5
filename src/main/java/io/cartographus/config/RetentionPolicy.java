package io.cartographus.config;

/**
 * The guide's retention settings (BACKUP_RETENTION_*). 0 disables a keep rule; 0 for
 * maxCount or maxDays means unlimited.
 */
public record RetentionPolicy(
        int minCount,
        int maxCount,
        int maxDays,
        int keepRecentHours,
        int keepDailyDays,
        int keepWeeklyWeeks,
        int keepMonthlyMonths) {

    /** The guide's defaults. */
    public static RetentionPolicy defaults() {
        return new RetentionPolicy(3, 50, 90, 24, 7, 4, 6);
    }
}
