package io.cartographus.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What to run. {@link #smoke()} shrinks everything so that a test can run the whole harness in
 * seconds and the harness never rots.
 *
 * @param sizeGb       demo database size (about 12 million events per GB)
 * @param rounds       how many times each operation runs
 * @param work         where the database, the backups and the tools' archives go (reused across runs)
 * @param report       the Markdown report to write
 * @param catalogSize  how many synthetic backups the catalog measurement uses
 * @param samples      repetitions of each fast (millisecond) measurement
 * @param stallWindow  the shortest time the writer runs without a backup
 * @param commandLine  how the run was started, for the report
 */
public record BenchOptions(double sizeGb, int rounds, Path work, Path report, boolean smoke, int catalogSize, int samples,
                           Duration stallWindow, String commandLine) {
    public static final int CATALOG_SIZE = 10_000;

    public BenchOptions {
        if (!(sizeGb > 0) || rounds < 1 || catalogSize < 1 || samples < 1) {
            throw new IllegalArgumentException("size must be > 0 GB, rounds, catalog size and samples >= 1");
        }
    }

    /** The full benchmark. */
    public static BenchOptions full(double sizeGb, int rounds, Path work, Path report, String commandLine) {
        return new BenchOptions(sizeGb, rounds, work, report, false, CATALOG_SIZE, 30, Duration.ofSeconds(3), commandLine);
    }

    /** A tiny run (about 20 MB, one round, 1 000 catalog records) that exercises every part. */
    public static BenchOptions smoke(Path work, Path report, String commandLine) {
        return new BenchOptions(0.02, 1, work, report, true, 1_000, 5, Duration.ofSeconds(1), commandLine);
    }

    long events() {
        return DemoDatabase.eventsFor(sizeGb);
    }
}
