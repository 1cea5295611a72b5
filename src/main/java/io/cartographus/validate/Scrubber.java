package io.cartographus.validate;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cartographus.backup.Backups;
import io.cartographus.backup.InUse;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.log.LogContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BACKUP_SCRUB_INTERVAL: re-checks every backup's archive in the background, so that damage done
 * after it was written (bit rot, a bad disk, a careless {@code rm}) is found before a restore needs
 * it. It wakes every interval (at most every hour), checks what {@link ScrubPlan} picks, and
 * records each outcome with {@link CheckOutcome}. It never takes the operation lock, so it never
 * makes a backup or restore wait: it does not start while one runs and stops between two
 * archives when one starts. Its thread runs at background priority (Main lowers it).
 */
public final class Scrubber implements AutoCloseable {
    /** Archive bytes one run reads at most (at least one backup): an hour's wake-up reads 4 GiB at most. */
    public static final long BYTES_PER_RUN = 4L << 30;
    static final Duration MAX_WAKE = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(Scrubber.class);

    /** @param interval zero: scrubbing is off */
    public record Options(Duration interval, long bytesPerRun, Clock clock) {
    }

    /** What {@code backup/status} shows under {@code scrub}. */
    public record Status(@JsonProperty("enabled") boolean enabled, @JsonProperty("interval_seconds") long intervalSeconds,
                         @JsonProperty("last") ScrubReport last) {
    }

    private final ArchiveVerifier verifier;
    private final Backups backups;
    private final ScheduledExecutorService executor;
    private final Options options;
    private final Consumer<ScrubReport> onFinished;
    private volatile ScrubReport last;

    public Scrubber(ArchiveVerifier verifier, Backups backups, ScheduledExecutorService executor, Options options,
                    Consumer<ScrubReport> onFinished) {
        this.verifier = verifier;
        this.backups = backups;
        this.executor = executor;
        this.options = options;
        this.onFinished = onFinished;
    }

    public boolean enabled() {
        return !options.interval().isZero();
    }

    /** Schedules the runs; nothing when scrubbing is off. */
    public void start() {
        if (!enabled()) {
            log.info("scrubbing is off (BACKUP_SCRUB_INTERVAL=0): backups are checked only when they are written or validated");
            return;
        }
        long wakeMs = Math.min(options.interval().toMillis(), MAX_WAKE.toMillis());
        try {
            executor.scheduleWithFixedDelay(this::tick, wakeMs, wakeMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.warn("scrubbing not started: shutting down");
        }
    }

    public Status status() {
        return new Status(enabled(), options.interval().toSeconds(), last);
    }

    private void tick() {
        try (LogContext context = LogContext.open("scrub", "")) {
            runOnce();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log and wait for the next wake-up.
            log.error("scrub could not run: {}", e.getMessage(), e);
        }
    }

    /** One run; empty when nothing was due or a backup or restore is running. */
    public Optional<ScrubReport> runOnce() {
        if (backups.lock().running() != null) {
            return Optional.empty();
        }
        Instant started = now();
        List<BackupRecord> due = ScrubPlan.pick(backups.catalog().all(), started, options.interval(), options.bytesPerRun());
        if (due.isEmpty()) {
            return Optional.empty();
        }
        int checked = 0;
        int corrupted = 0;
        int repaired = 0;
        long bytes = 0;
        String stopped = null;
        for (BackupRecord planned : due) {
            String running = backups.lock().running();
            if (running != null || Thread.currentThread().isInterrupted()) {
                stopped = running == null ? "shutting down" : running + " started";
                break;
            }
            try (InUse.Claim claim = backups.inUse().claim(planned.id())) {
                BackupRecord before = backups.catalog().get(planned.id()).orElse(null);
                if (before == null) {
                    continue;
                }
                ValidationReport report = verifier.validateWhenFree(before);
                BackupRecord after = CheckOutcome.record(backups.catalog(), before.id(), report, now(), "scrub").orElse(null);
                checked++;
                bytes += before.sizeBytes();
                if (report.damaged()) {
                    corrupted++;
                    log.error("scrub: backup {} is damaged and marked corrupted: {}", before.id(), report.summary());
                } else if (after != null && before.status() == BackupStatus.CORRUPTED && after.status() == BackupStatus.COMPLETED) {
                    repaired++;
                    log.info("scrub: backup {} passed again; no longer corrupted", before.id());
                } else if (!report.valid()) {
                    log.warn("scrub: backup {} could not be checked: {}", before.id(), report.summary());
                }
            }
        }
        ScrubReport report = new ScrubReport(started, now(), checked, corrupted, repaired, bytes, stopped);
        last = report;
        log.info("scrub: checked {} backup(s), {} read, {} corrupted{}", checked, bytes, corrupted,
                stopped == null ? "" : " (stopped: " + stopped + ")");
        onFinished.accept(report);
        return Optional.of(report);
    }

    private Instant now() {
        return options.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
