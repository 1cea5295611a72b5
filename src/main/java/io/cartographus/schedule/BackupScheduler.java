package io.cartographus.schedule;

import io.cartographus.backup.BackupRequest;
import io.cartographus.backup.Backups;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.ScheduleState;
import io.cartographus.catalog.Trigger;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.notify.NotificationEvent;
import io.cartographus.retention.Pruner;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the scheduled backups (docs/design.md §7) on one daemon thread: one catch-up backup at start when a
 * slot was missed, then one per slot, each followed by retention when it succeeded. The last run and
 * the next slot are kept in metadata.json, so a restart knows what it missed.
 */
public final class BackupScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackupScheduler.class);

    private final Backups backups;
    private final Pruner pruner;
    private final SchedulerOptions options;
    private final SchedulerContext context;
    private final ScheduledThreadPoolExecutor executor;
    private volatile boolean running;
    private volatile Instant nextRun;
    private volatile Instant lastRun;

    public BackupScheduler(Backups backups, Pruner pruner, SchedulerOptions options, SchedulerContext context) {
        this.backups = backups;
        this.pruner = pruner;
        this.options = options;
        this.context = context;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "backup-scheduler");
            t.setDaemon(true);
            return t;
        });
        // On shutdown, waiting slots are dropped; only a backup already running is let finish.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Reads the persisted schedule, runs one catch-up backup if a slot was missed, schedules the next slot. */
    public synchronized void start() {
        if (!options.enabled()) {
            log.info("scheduled backups are off ({})", options.offBecause());
            context.metrics().nextScheduled(null);
            return;
        }
        if (running || executor.isShutdown()) {
            return;
        }
        running = true;
        Instant now = context.clock().instant();
        lastRun = backups.catalog().schedule().lastRun();
        SchedulePoint point = ScheduleMath.plan(lastRun, now, options.interval(), options.preferredHour(), options.zone());
        log.info("scheduled {} backups every {} in step with {}:00 {}; last run {}, next slot {}", options.type().label(),
                ScheduleWarnings.format(options.interval()), String.format("%02d", options.preferredHour()),
                options.zone().getId(), lastRun == null ? "never" : lastRun, point.next());
        if (point.catchUpNow()) {
            log.info("a scheduled backup was missed since {}: taking one catch-up backup now", lastRun);
            schedule(new Slot(now, 0), now);
        } else {
            schedule(new Slot(point.next(), 0), point.next());
        }
    }

    /** True from {@link #start} (when enabled) until {@link #close}. */
    public boolean running() {
        return running && !executor.isShutdown();
    }

    /** The next slot (or retry), or null when nothing is scheduled. */
    public Instant nextRun() {
        return running() ? nextRun : null;
    }

    /** Drops waiting slots and lets a running backup finish (up to a minute). */
    @Override
    public void close() {
        running = false;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        context.metrics().nextScheduled(null);
    }

    /** Runs the job for {@code slot} on the calling thread, as the executor would (tests). */
    void runNow(Instant slot) {
        new Slot(slot, 0).run();
    }

    /** The job. It catches everything: the JDK never runs a periodic task again once it threw. */
    private final class Slot implements Runnable {
        private final Instant at;
        private final int attempt;

        Slot(Instant at, int attempt) {
            this.at = at;
            this.attempt = attempt;
        }

        @Override
        public void run() {
            Instant retryAt = null;
            try {
                retryAt = take(at, attempt);
            } catch (RuntimeException e) {
                log.error("scheduled backup for {}: unexpected error", at, e);
                notifyFailure("scheduled backup not taken: " + e);
            } finally {
                if (retryAt != null) {
                    schedule(new Slot(at, attempt + 1), retryAt);
                } else {
                    Instant after = later(context.clock().instant(), at);
                    Instant next = ScheduleMath.nextSlot(after, options.interval(), options.preferredHour(), options.zone());
                    schedule(new Slot(next, 0), next);
                }
            }
        }
    }

    /** One slot: returns when to try again (the lock was busy), or null when the slot is done. */
    private Instant take(Instant slot, int attempt) {
        if (context.pause().paused()) {
            log.warn("scheduled backup for {} skipped: services are paused ({})", slot, context.pause().reason());
            return null;
        }
        Instant started = context.clock().instant();
        long scheduledBefore = countScheduled();
        try {
            BackupRecord r = backups.create(new BackupRequest(options.type(), Trigger.SCHEDULED, null));
            lastRun = later(started, slot);
            log.info("scheduled backup {} completed; running retention", r.id());
            prune();
            return null;
        } catch (BackupException e) {
            if (e.kind() == ErrorKind.BUSY) {
                return busy(slot, attempt, e);
            }
            lastRun = later(started, slot);
            // A failure inside the backup left a failed record, already notified and counted by the
            // backup's listener; one before it (e.g. the index could not be written) did not.
            if (countScheduled() == scheduledBefore) {
                notifyFailure("scheduled backup not taken: " + e.getMessage());
                log.warn("scheduled backup for {} not taken: {}; retention skipped", slot, e.getMessage());
            } else {
                // The backup itself logged its failure; one line per failure.
                log.debug("scheduled backup for {} failed (logged by the backup); retention skipped", slot);
            }
            return null;
        }
    }

    private Instant busy(Instant slot, int attempt, BackupException e) {
        Instant now = context.clock().instant();
        Instant retry = now.plus(options.busyRetryDelay());
        Instant following = ScheduleMath.nextSlot(later(now, slot), options.interval(), options.preferredHour(), options.zone());
        if (attempt < options.busyRetries() && retry.isBefore(following)) {
            log.info("scheduled backup for {} postponed: {}; trying again at {}", slot, e.getMessage(), retry);
            return retry;
        }
        log.warn("scheduled backup for {} skipped after {} attempt(s): {}", slot, attempt + 1, e.getMessage());
        notifyFailure("scheduled backup skipped: " + e.getMessage());
        return null;
    }

    private void prune() {
        try {
            pruner.apply();
        } catch (BackupException e) {
            log.warn("retention after the scheduled backup did not run: {}", e.getMessage());
        } catch (RuntimeException e) {
            // Still the job's boundary: the backup itself succeeded and the next slot must follow.
            log.error("retention after the scheduled backup failed", e);
        }
    }

    private void schedule(Slot job, Instant at) {
        nextRun = at;
        context.metrics().nextScheduled(at);
        try {
            backups.catalog().setSchedule(new ScheduleState(lastRun, at));
        } catch (BackupException e) {
            log.warn("cannot persist the schedule (a restart may take one extra catch-up backup): {}", e.getMessage());
        }
        long delay = Math.max(0, Duration.between(context.clock().instant(), at).toMillis());
        try {
            executor.schedule(job, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shutting down: nothing more is scheduled.
            context.metrics().nextScheduled(null);
        }
    }

    private long countScheduled() {
        return backups.catalog().all().stream().filter(r -> r.trigger() == Trigger.SCHEDULED).count();
    }

    private void notifyFailure(String error) {
        Map<String, Object> backup = new LinkedHashMap<>();
        backup.put("type", options.type().label());
        backup.put("trigger", Trigger.SCHEDULED.label());
        backup.put("status", "failed");
        context.notifier().send(NotificationEvent.backupFailed(backup, error, context.clock().instant()));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
