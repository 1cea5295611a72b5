package io.cartographus.drill;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cartographus.backup.Backups;
import io.cartographus.backup.InUse;
import io.cartographus.backup.OperationLock;
import io.cartographus.catalog.BackupFiles;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.TempFiles;
import io.cartographus.log.LogContext;
import io.cartographus.offsite.Offsite;
import io.cartographus.validate.ArchiveVerifier;
import io.cartographus.validate.CheckOutcome;
import io.cartographus.validate.Inspection;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BACKUP_DRILL_INTERVAL and {@code POST /api/v1/backup/drill}: a restore drill (docs/design.md §19). Every
 * drill, scheduled or asked for, runs on the one thread Main gives it (lowered to background
 * priority like the scrub's), holding the {@link OperationLock}; a scheduled one that finds the lock
 * busy, or nothing to drill, tries again a quarter-hour later.
 */
public final class Drill implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Drill.class);
    /** The scratch directory's name in BACKUP_DIR: {@code .tmp-drill-<random>.tmp}, removed at start-up after a crash. */
    static final String SCRATCH = "drill";

    /** @param interval zero: no scheduled drills (on demand still works) */
    public record Options(Duration interval, Clock clock) {
    }

    /** What {@code backup/status} shows: {@code last_drill} (null before the first) and {@code next_drill} (null when off). */
    public record Status(@JsonProperty("last_drill") DrillResult lastDrill, @JsonProperty("next_drill") Instant nextDrill) {
    }

    private final ArchiveVerifier verifier;
    private final Backups backups;
    private final Offsite offsite;
    private final DrillHistory history;
    private final ScheduledExecutorService executor;
    private final Options options;
    private final Consumer<DrillResult> onFinished;
    private volatile DrillHistory.State state;
    private volatile Instant notBefore;

    public Drill(ArchiveVerifier verifier, Backups backups, Offsite offsite, DrillHistory history, ScheduledExecutorService executor,
                 Options options, Consumer<DrillResult> onFinished) {
        this.verifier = verifier;
        this.backups = backups;
        this.offsite = offsite;
        this.history = history;
        this.executor = executor;
        this.options = options;
        this.onFinished = onFinished;
        this.state = history.read();
        this.notBefore = now().plus(DrillPlan.retryDelay(options.interval()));
    }

    public boolean enabled() {
        return !options.interval().isZero();
    }

    /** The last drill and when the last one passed, as read at start-up or written since. */
    public DrillHistory.State history() {
        return state;
    }

    public Status status() {
        return new Status(state.last(), nextDrill());
    }

    /** When the next scheduled drill is due; null when drills are off. */
    public Instant nextDrill() {
        DrillResult last = state.last();
        return DrillPlan.next(last == null ? null : last.startedAt(), notBefore, options.interval());
    }

    /** Schedules the drills; nothing when they are off. */
    public void start() {
        if (!enabled()) {
            log.info("restore drills are off (BACKUP_DRILL_INTERVAL=0): run one with `cartographus backup drill`");
            return;
        }
        scheduleNext();
    }

    /**
     * Runs a drill now (on the drill thread) and returns its result. BUSY when a backup, restore or
     * drill runs; NOT_FOUND when there is no backup with a database to drill.
     */
    public DrillResult runNow() {
        String running = backups.lock().running();
        if (running != null) {
            throw busy(running);
        }
        Future<DrillResult> f;
        try {
            f = executor.submit(() -> {
                try (LogContext context = LogContext.open("drill", "")) {
                    return runOnce();
                }
            });
        } catch (RejectedExecutionException e) {
            throw new BackupException(ErrorKind.UNAVAILABLE, "the server is shutting down", e);
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(ErrorKind.UNAVAILABLE, "interrupted while the drill ran", e);
        }
    }

    private void scheduleNext() {
        Instant next = nextDrill();
        if (next == null) {
            return;
        }
        long delayMs = Math.max(0, Duration.between(options.clock().instant(), next).toMillis());
        try {
            executor.schedule(this::tick, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("drill not scheduled: shutting down");
        }
    }

    private void tick() {
        try (LogContext context = LogContext.open("drill", "")) {
            Instant next = nextDrill();
            // A drill asked for since this one was scheduled moved the next one on.
            if (next != null && !options.clock().instant().isBefore(next)) {
                try {
                    runOnce();
                } catch (BackupException e) {
                    notBefore = now().plus(DrillPlan.retryDelay(options.interval()));
                    log.info("scheduled restore drill not run: {}; trying again at {}", e.getMessage(), notBefore);
                }
            }
        } catch (RuntimeException e) {
            notBefore = now().plus(DrillPlan.retryDelay(options.interval()));
            log.error("restore drill could not run: {}", e.getMessage(), e);
        } finally {
            scheduleNext();
        }
    }

    /** One drill on the calling thread; BUSY and NOT_FOUND are thrown, every other failure is a failed result. */
    DrillResult runOnce() {
        String source = offsite.enabled() ? DrillResult.OFFSITE : DrillResult.LOCAL;
        DrillResult result;
        try (OperationLock.Lease lease = lockOrBusy()) {
            Instant started = now();
            long t0 = System.nanoTime();
            Path scratch = null;
            String id = null;
            try {
                scratch = TempFiles.createDirectory(verifier.workParent(), SCRATCH);
                Inspection inspection;
                boolean marked = false;
                if (offsite.enabled()) {
                    Offsite.Downloaded d = offsite.downloadNewest(scratch, line -> log.info("drill: {}", line));
                    id = d.record().id();
                    lease.rename("restore drill of " + id);
                    inspection = verifier.inspectWhenFree(d.record(), d.archive(), d.checksumFile(), scratch, lease.progress());
                } else {
                    BackupRecord r = DrillPlan.newestLocal(backups.catalog().all()).orElseThrow(() ->
                            new BackupException(ErrorKind.NOT_FOUND, "no completed backup with a database in " + verifier.workParent()
                                    + " to drill", "take one: cartographus backup create", null));
                    id = r.id();
                    lease.rename("restore drill of " + id);
                    marked = r.status() == BackupStatus.CORRUPTED;
                    try (InUse.Claim claim = backups.inUse().claim(id)) {
                        BackupFiles files = backups.catalog().files();
                        inspection = verifier.inspectWhenFree(r, files.archive(r.fileName()), files.checksum(id), scratch, lease.progress());
                    }
                    // What the drill found is a check like any other: damage marks the backup corrupted (and a pass clears it).
                    CheckOutcome.record(backups.catalog(), id, inspection.report(), now(), "drill");
                }
                if (inspection.report().valid()) {
                    // A restore fsyncs the database before it swaps it in: part of the time to a usable database.
                    force(inspection.databaseFile());
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                result = inspection.report().valid()
                        ? new DrillResult(id, source, started, ms, true, passedMessage(id, source, inspection, ms))
                        : new DrillResult(id, source, started, ms, false, "backup " + id + " (" + source + ") FAILED the drill: "
                                + inspection.report().summary() + (marked ? " (it was already marked corrupted)" : "")
                                + "; older backups were not tried: repair or delete it, or take a new backup, then drill again");
            } catch (BackupException e) {
                if (e.kind() == ErrorKind.NOT_FOUND && id == null) {
                    throw e;
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                result = new DrillResult(id, source, started, ms, false, (id == null ? "" : "backup " + id + " (" + source + "): ")
                        + "restore drill FAILED: " + e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")"));
            } catch (IOException e) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                result = new DrillResult(id, source, started, ms, false, "restore drill FAILED: cannot use a scratch directory in "
                        + verifier.workParent() + ": " + e.getMessage());
            } finally {
                deleteQuietly(scratch);
            }
        }
        finished(result);
        return result;
    }

    private OperationLock.Lease lockOrBusy() {
        try {
            return backups.lock().acquire("restore drill");
        } catch (BackupException e) {
            throw e.kind() == ErrorKind.BUSY ? busy(backups.lock().running()) : e;
        }
    }

    private static BackupException busy(String running) {
        return new BackupException(ErrorKind.BUSY, "another operation is running: " + (running == null ? "just finished, retry" : running),
                "a drill holds the operation lock while it runs; try again when it has finished (GET /api/v1/backup/status)", null);
    }

    private void finished(DrillResult result) {
        DrillHistory.State next = state.after(result);
        state = next;
        history.write(next);
        if (result.passed()) {
            log.info("restore drill passed: {}", result.message());
        } else {
            log.error("restore drill FAILED: {}", result.message());
        }
        onFinished.accept(result);
    }

    private static String passedMessage(String id, String source, Inspection inspection, long ms) {
        return String.format(Locale.ROOT, "backup %s (%s) restored into a scratch directory, opened and checked against its manifest"
                + " (%d playback records) in %.1f s", id, source, inspection.recordsInDatabase(), ms / 1000.0);
    }

    private static void force(Path file) throws IOException {
        if (file != null) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        IOException e = TempFiles.deleteQuietly(dir);
        if (e != null) {
            log.warn("cannot remove the drill's scratch directory {}: {}; it is removed at the next start", dir, e.getMessage());
        }
    }

    private Instant now() {
        return options.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
