package io.cartographus.schedule;

import io.cartographus.metrics.BackupMetrics;
import io.cartographus.notify.Notifier;
import io.cartographus.restore.ServicePause;
import java.time.Clock;

/**
 * What the scheduler consults and tells besides the backups: the pause switch (maintenance mode, a
 * restore), the next-run gauge, the webhook for failures no backup record reports, and the clock.
 */
public record SchedulerContext(ServicePause pause, BackupMetrics metrics, Notifier notifier, Clock clock) {
}
