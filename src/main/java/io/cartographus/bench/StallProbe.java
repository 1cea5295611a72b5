package io.cartographus.bench;

import io.cartographus.engine.Engine;
import io.cartographus.backup.BackupRequest;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Trigger;
import java.time.Duration;

/**
 * How long the application's writes wait because of a backup: the same steady writer runs once
 * without a backup (the baseline) and once during a zstd backup, in the same round, and both sets
 * of commit latencies are kept.
 */
final class StallProbe {
    /** 50 transactions a second, 5 rows each: a busy sync, about what docs/design.md §4 used. */
    static final Duration PERIOD = Duration.ofMillis(20);
    static final int ROWS = 5;

    private final Measurements m;
    private final Duration minimumWindow;

    StallProbe(Measurements m, Duration minimumWindow) {
        this.m = m;
        this.minimumWindow = minimumWindow;
    }

    /** @param backupTime how long a zstd backup took: the baseline runs at least as long */
    void measure(Engine e, Duration backupTime, int round) {
        Duration window = backupTime.compareTo(minimumWindow) > 0 ? backupTime : minimumWindow;
        WriterLoad baseline = new WriterLoad(e.database(), "r" + round + "-base", PERIOD, ROWS);
        baseline.start();
        sleep(window);
        Samples base = baseline.stop();

        WriterLoad during = new WriterLoad(e.database(), "r" + round + "-backup", PERIOD, ROWS);
        during.start();
        BackupRecord r;
        try {
            r = e.backups().create(new BackupRequest(BackupType.DATABASE, Trigger.MANUAL, "benchmark: writer stall, round " + round));
        } finally {
            Samples busy = during.stop();
            busy.values().forEach(m.writerDuringBackup::add);
            m.writerDuringBackupP99.add(busy.percentile(99));
            m.writerFailures += during.failures() + baseline.failures();
        }
        base.values().forEach(m.writerBaseline::add);
        m.writerBaselineP99.add(base.percentile(99));
        e.backups().delete(r.id());
        e.database().checkpoint();
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
