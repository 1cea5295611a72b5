package io.cartographus.schedule;

import io.cartographus.config.BackupType;
import io.cartographus.config.BackupConfig;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How the scheduler runs.
 *
 * @param offBecause     null when scheduled backups run; otherwise why not, for the log
 * @param busyRetryDelay when another backup or restore holds the lock at a slot, wait this long…
 * @param busyRetries    …and try this many more times (never past the next slot), then skip the slot
 */
public record SchedulerOptions(String offBecause, Duration interval, int preferredHour, ZoneId zone, BackupType type,
                               Duration busyRetryDelay, int busyRetries) {

    public SchedulerOptions {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(type, "type");
        ScheduleMath.check(interval, preferredHour);
        if (busyRetryDelay.isNegative() || busyRetries < 0) {
            throw new IllegalArgumentException("busy retries must not be negative");
        }
    }

    /** BACKUP_ENABLED, BACKUP_SCHEDULE_ENABLED, BACKUP_INTERVAL, BACKUP_PREFERRED_HOUR, BACKUP_TYPE, BACKUP_TIMEZONE. */
    public static SchedulerOptions from(BackupConfig b) {
        String off = !b.enabled() ? "BACKUP_ENABLED=false" : !b.schedule().enabled() ? "BACKUP_SCHEDULE_ENABLED=false" : null;
        // A running backup rarely takes more than minutes; three tries five minutes apart ride one out.
        return new SchedulerOptions(off, b.schedule().interval(), b.schedule().preferredHour(), b.timezone(),
                b.schedule().type(), Duration.ofMinutes(5), 3);
    }

    public boolean enabled() {
        return offBecause == null;
    }
}
