package io.cartographus.config;

import io.cartographus.catalog.BackupType;
import java.time.Duration;

/** BACKUP_SCHEDULE_ENABLED, BACKUP_INTERVAL, BACKUP_PREFERRED_HOUR, BACKUP_TYPE, BACKUP_PRE_SYNC. */
public record ScheduleConfig(boolean enabled, Duration interval, int preferredHour, BackupType type, boolean preSync) {
}
