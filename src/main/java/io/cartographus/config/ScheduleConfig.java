package io.cartographus.config;

import java.time.Duration;

/** BACKUP_SCHEDULE_ENABLED, BACKUP_INTERVAL, BACKUP_PREFERRED_HOUR, BACKUP_TYPE, BACKUP_PRE_SYNC. */
public record ScheduleConfig(boolean enabled, Duration interval, int preferredHour, BackupType type, boolean preSync) {

    /**
     * For intervals of 24h or more, the number of calendar days between runs: a fraction of a day is
     * rounded to the nearest whole day, half up (36h gives 2), as the start-up warning announces
     * (docs/design.md §7). 0 for shorter intervals, which repeat within each day instead.
     */
    public long intervalDays() {
        long minutes = interval.toMinutes();
        return minutes < 24 * 60 ? 0 : Math.round(minutes / (24.0 * 60));
    }
}
