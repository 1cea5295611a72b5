package io.cartographus.metrics;

import io.cartographus.config.BackupType;
import io.cartographus.notify.NotificationEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The backup system's Prometheus metrics. Micrometer names are chosen so that the exposition names
 * are exactly the guide's ({@code cartographus_backup_total}, {@code _duration_seconds},
 * {@code _size_bytes}, {@code _last_success_timestamp}); Micrometer appends {@code _total} to
 * counters and the base unit to gauges and timers, so those parts are left out of the names here.
 *
 * <p>Absent rather than 0: {@code cartographus_backup_last_success_timestamp},
 * {@code cartographus_backup_size_bytes} and {@code cartographus_backup_next_scheduled_timestamp}
 * have no sample until there is a true value (a 0 timestamp would make the guide's BackupOverdue
 * alert fire on every fresh install and after every restart). Main seeds the first two from the
 * catalog at start-up with {@link #lastSuccess}.
 *
 * <p>Micrometer timers also expose a {@code _max} gauge ({@code cartographus_backup_duration_seconds_max},
 * {@code cartographus_restore_duration_seconds_max}: the longest duration of the last few minutes).
 * The guide leaves the catalog size unnamed; it is {@code cartographus_backup_catalog_entries}, since
 * promtool's linter rejects a gauge named {@code *_count}.
 *
 * <p>Counters with labels are registered at 0 for every known label combination, so that
 * {@code increase(...[1h]) > 0} sees the very first failure (a series born at 1 has no increase).
 */
public final class BackupMetrics {
    // The Prometheus text format 0.0.4, which every Prometheus version scrapes. Spelled out because the
    // client library's constant lives in a runtime-only artifact; a test checks the two agree.
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final List<String> BACKUP_TYPES = Arrays.stream(BackupType.values()).map(BackupType::label).toList();
    static final List<String> RESULTS = List.of("completed", "failed");
    static final List<String> VERIFICATIONS = List.of("passed", "failed");
    static final List<String> DELIVERY_OUTCOMES = List.of("success", "failed");

    // A backup of a small database takes seconds, a large one with level-9 gzip tens of minutes.
    private static final Duration[] DURATION_BUCKETS = {
        Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
        Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2)
    };

    private final PrometheusMeterRegistry registry;
    private final AtomicInteger inProgress = new AtomicInteger();
    private final OptionalGauge lastSuccessAt;
    private final OptionalGauge latestSize;
    private final OptionalGauge nextScheduled;
    private final OptionalGauge catalogEntries;
    private final OptionalGauge storageUsed;
    private final OptionalGauge storageFree;
    private final OptionalGauge corrupted;
    private final OptionalGauge lastScrub;
    private final OptionalGauge damagedChunks;
    private final OptionalGauge drillLastSuccess;
    private final OptionalGauge drillDuration;

    public BackupMetrics(PrometheusMeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        for (String type : BACKUP_TYPES) {
            RESULTS.forEach(status -> backupCounter(type, status));
            backupTimer(type);
        }
        RESULTS.forEach(this::restoreCounter);
        restoreTimer();
        VERIFICATIONS.forEach(this::verificationCounter);
        retentionCounter();
        for (String event : NotificationEvent.EVENTS) {
            DELIVERY_OUTCOMES.forEach(outcome -> webhookCounter(event, outcome));
        }
        RESULTS.forEach(this::offsiteCounter);
        scrubCounter("checked");
        scrubCounter("corrupted");
        VERIFICATIONS.forEach(this::drillCounter);
        drillLastSuccess = new OptionalGauge(registry, "cartographus.restore.drill.last.success.timestamp",
                "Unix time in seconds when the last restore drill that passed finished", null);
        drillDuration = new OptionalGauge(registry, "cartographus.restore.drill.duration",
                "Seconds the last restore drill took from fetching the backup to a usable database: the recovery time to expect", "seconds");
        corrupted = new OptionalGauge(registry, "cartographus.backup.corrupted",
                "Backups whose last check found them damaged or their archive missing", null);
        damagedChunks = new OptionalGauge(registry, "cartographus.backup.chunks.damaged",
                "Chunks of the deduplicated store found damaged by a validation, restore or store check and not yet written again", null);
        lastScrub = new OptionalGauge(registry, "cartographus.backup.scrub.last.run.timestamp",
                "Unix time in seconds when the last scrub run started", null);
        Gauge.builder("cartographus.backup.in.progress", inProgress, AtomicInteger::get)
                .description("1 while a backup is running, else 0")
                .register(registry);
        lastSuccessAt = new OptionalGauge(registry, "cartographus.backup.last.success.timestamp",
                "Unix time in seconds when the last successful backup finished", null);
        latestSize = new OptionalGauge(registry, "cartographus.backup.size",
                "Size in bytes of the latest successful backup archive", "bytes");
        nextScheduled = new OptionalGauge(registry, "cartographus.backup.next.scheduled.timestamp",
                "Unix time in seconds of the next scheduled backup", null);
        // Not "cartographus_backups_count": promtool's linter rejects a _count suffix on a gauge.
        catalogEntries = new OptionalGauge(registry, "cartographus.backup.catalog.entries",
                "Number of backups in the catalog", null);
        storageUsed = new OptionalGauge(registry, "cartographus.backup.storage.used",
                "Bytes used by backup files in the backup directory", "bytes");
        storageFree = new OptionalGauge(registry, "cartographus.backup.storage.free",
                "Bytes available to the service on the file system of the backup directory", "bytes");
    }

    /** A registry of its own that fails loudly on a name clash instead of dropping the meter. */
    public static BackupMetrics create() {
        return new BackupMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
                .throwExceptionOnRegistrationFailure());
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Counts a finished backup. Only a completed one feeds the duration histogram, the size and
     * the last-success time: a failure's duration would blur the picture of real backups, and it is
     * counted under {@code status="failed"} anyway.
     */
    public void backupFinished(String type, String status, Duration duration, long sizeBytes, Instant finishedAt) {
        backupCounter(type, status).increment();
        if ("completed".equals(status)) {
            backupTimer(type).record(duration);
            lastSuccess(finishedAt, sizeBytes);
        }
    }

    /** Sets the last-success time and the latest size without counting a backup (start-up seed from the catalog). */
    public void lastSuccess(Instant finishedAt, long sizeBytes) {
        lastSuccessAt.set(epochSeconds(Objects.requireNonNull(finishedAt, "finishedAt")));
        latestSize.set(sizeBytes);
    }

    /** Counts a restore ({@code status}: completed or failed); the histogram has both, unlike backups. */
    public void restoreFinished(String status, Duration duration) {
        restoreCounter(status).increment();
        restoreTimer().record(duration);
    }

    /** {@code status}: passed or failed. */
    public void verificationFinished(String status) {
        verificationCounter(status).increment();
    }

    public void retentionDeleted(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("deleted count must not be negative: " + count);
        }
        retentionCounter().increment(count);
    }

    /** The next scheduled run, or null when nothing is scheduled (the series then disappears). */
    public void nextScheduled(Instant nextOrNull) {
        if (nextOrNull == null) {
            nextScheduled.clear();
        } else {
            nextScheduled.set(epochSeconds(nextOrNull));
        }
    }

    /** Fits {@code io.cartographus.notify.DeliveryListener}: {@code metrics::webhookDelivered}. */
    public void webhookDelivered(String event, String outcome) {
        webhookCounter(event, outcome).increment();
    }

    /** {@code status}: completed or failed. */
    public void offsiteUploaded(String status) {
        offsiteCounter(status).increment();
    }

    public void backupInProgress(boolean running) {
        inProgress.set(running ? 1 : 0);
    }

    /** Exposed as {@code cartographus_backup_catalog_entries}, read at each scrape. */
    public void catalogSize(IntSupplier size) {
        Objects.requireNonNull(size, "size");
        catalogEntries.set(() -> size.getAsInt());
    }

    /** Exposed as {@code cartographus_backup_corrupted}, read at each scrape. */
    /** Where the damaged chunks are counted (read at each scrape). */
    public void damagedChunks(IntSupplier count) {
        damagedChunks.set(() -> count.getAsInt());
    }

    public void corruptedBackups(IntSupplier count) {
        Objects.requireNonNull(count, "count");
        corrupted.set(() -> count.getAsInt());
    }

    /** A scrub run: its start, and how many backups it checked and found damaged. */
    public void scrubFinished(Instant startedAt, int checked, int damaged) {
        lastScrub.set(epochSeconds(Objects.requireNonNull(startedAt, "startedAt")));
        scrubCounter("checked").increment(checked);
        scrubCounter("corrupted").increment(damaged);
    }

    /** A restore drill (docs/design.md §19): counted by outcome; its duration, and its end when it passed. */
    public void drillFinished(boolean passed, Duration duration, Instant finishedAt) {
        drillCounter(passed ? "passed" : "failed").increment();
        drillSeen(passed ? finishedAt : null, duration);
    }

    /** At start-up, from the drill history: the last success (null: none yet) and the last drill's duration (null: none yet). */
    public void drillSeen(Instant lastSuccessAt, Duration lastDuration) {
        if (lastSuccessAt != null) {
            drillLastSuccess.set(epochSeconds(lastSuccessAt));
        }
        if (lastDuration != null) {
            drillDuration.set(lastDuration.toMillis() / 1000.0);
        }
    }

    /** Both read at each scrape: used bytes from the caller, free bytes from the file system of {@code backupDir}. */
    public void storage(Path backupDir, LongSupplier usedBytes) {
        Objects.requireNonNull(backupDir, "backupDir");
        Objects.requireNonNull(usedBytes, "usedBytes");
        storageUsed.set(() -> usedBytes.getAsLong());
        storageFree.set(() -> usableSpace(backupDir));
    }

    /** The Prometheus text exposition (format 0.0.4). */
    public String scrape() {
        return registry.scrape(contentType());
    }

    /** For the HTTP Content-Type header of {@code /metrics}. */
    public String contentType() {
        return CONTENT_TYPE;
    }

    // NaN, not an exception: a scrape must not fail because the directory is briefly unreadable,
    // and NaN keeps "free < 1 GiB" alerts from firing on a value we do not know.
    private static double usableSpace(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static double epochSeconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }

    private Counter backupCounter(String type, String status) {
        return Counter.builder("cartographus.backup")
                .description("Backups finished, by type and status (completed or failed)")
                .tag("type", label(type, "type")).tag("status", label(status, "status"))
                .register(registry);
    }

    private Timer backupTimer(String type) {
        return histogram("cartographus.backup.duration", "Duration of completed backups")
                .tag("type", label(type, "type"))
                .register(registry);
    }

    private Counter restoreCounter(String status) {
        return Counter.builder("cartographus.restore")
                .description("Restores finished, by status (completed or failed)")
                .tag("status", label(status, "status"))
                .register(registry);
    }

    private Timer restoreTimer() {
        return histogram("cartographus.restore.duration", "Duration of restores").register(registry);
    }

    private Counter verificationCounter(String status) {
        return Counter.builder("cartographus.backup.verification")
                .description("Backup verifications (test restores), by status (passed or failed)")
                .tag("status", label(status, "status"))
                .register(registry);
    }

    /** {@code cartographus_backup_scrub_checked_total} and {@code cartographus_backup_scrub_corrupted_total}. */
    private Counter scrubCounter(String what) {
        return Counter.builder("cartographus.backup.scrub." + what)
                .description("checked".equals(what) ? "Backups checked by the scrub" : "Backups the scrub found damaged")
                .register(registry);
    }

    /** {@code cartographus_restore_drill_total{status="passed"|"failed"}}. */
    private Counter drillCounter(String status) {
        return Counter.builder("cartographus.restore.drill")
                .description("Restore drills, by status (passed or failed)")
                .tag("status", label(status, "status"))
                .register(registry);
    }

    private Counter retentionCounter() {
        return Counter.builder("cartographus.retention.deleted")
                .description("Backups deleted by the retention policy")
                .register(registry);
    }

    private Counter webhookCounter(String event, String outcome) {
        return Counter.builder("cartographus.webhook.deliveries")
                .description("Webhook notifications, by event and outcome (success or failed after retries)")
                .tag("event", label(event, "event")).tag("outcome", label(outcome, "outcome"))
                .register(registry);
    }

    private Counter offsiteCounter(String status) {
        return Counter.builder("cartographus.offsite.upload")
                .description("Off-site uploads of backups, by status (completed or failed)")
                .tag("status", label(status, "status"))
                .register(registry);
    }

    private static Timer.Builder histogram(String name, String description) {
        return Timer.builder(name)
                .description(description)
                .serviceLevelObjectives(DURATION_BUCKETS)
                .publishPercentileHistogram(false);
    }

    private static String label(String value, String name) {
        return Objects.requireNonNull(value, () -> "metric label " + name + " must not be null");
    }
}
