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
        Stall s = stall(e, window, "r" + round, "benchmark: writer stall, round " + round);
        s.during().values().forEach(m.writerDuringBackup::add);
        m.writerDuringBackupP99.add(s.during().percentile(99));
        s.baseline().values().forEach(m.writerBaseline::add);
        m.writerBaselineP99.add(s.baseline().percentile(99));
        m.writerFailures += s.failures();
        e.backups().delete(s.backup().id());
        e.database().checkpoint();
    }

    /** One baseline window and one backup with {@code e}'s settings, each with the writer running. */
    record Stall(Samples baseline, Samples during, int failures, BackupRecord backup) {
    }

    /** The writer for {@code window} without a backup, then during one backup, which is kept. */
    static Stall stall(Engine e, Duration window, String tag, String note) {
        WriterLoad baseline = new WriterLoad(e.database(), tag + "-base", PERIOD, ROWS);
        baseline.start();
        sleep(window);
        Samples base = baseline.stop();

        WriterLoad during = new WriterLoad(e.database(), tag + "-backup", PERIOD, ROWS);
        during.start();
        BackupRecord r;
        Samples busy;
        try {
            r = e.backups().create(new BackupRequest(BackupType.DATABASE, Trigger.MANUAL, note));
        } finally {
            busy = during.stop();
        }
        return new Stall(base, busy, baseline.failures() + during.failures(), r);
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
