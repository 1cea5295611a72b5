package io.cartographus.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A made-up run for report and target tests: every measurement present, values chosen by the test. */
final class Runs {
    private Runs() {
    }

    static Samples of(double... values) {
        Samples s = new Samples();
        for (double v : values) {
            s.add(v);
        }
        return s;
    }

    /** Every operation takes {@code ms} except the ones in {@code overrides}. */
    static Measurements measurements(double ms, Map<Op, Double> overrides) {
        Measurements m = new Measurements();
        for (Op op : Op.values()) {
            double v = overrides.getOrDefault(op, ms);
            m.time(op, (long) (v * 1e6));
            m.time(op, (long) (v * 1e6));
            m.size(op, 1L << 20);
        }
        for (int i = 1; i <= 100; i++) {
            m.writerBaseline.add(i / 10.0);
            m.writerDuringBackup.add(i / 5.0);
        }
        m.writerBaselineP99.add(9.9);
        m.writerDuringBackupP99.add(19.8);
        return m;
    }

    static BenchRun run(Measurements m, double listMs, double retentionMs, boolean smallHeapOk) {
        Samples fast = of(1, 2, 3);
        CatalogScale.Result catalog = new CatalogScale.Result(10_000, fast, fast, fast, of(retentionMs), of(listMs), of(listMs),
                of(listMs), fast, fast, fast);
        SmallHeap.Result heap = new SmallHeap.Result(true, smallHeapOk, 1.5, 2.5, 200L << 20, smallHeapOk ? 180L << 20 : -1,
                smallHeapOk ? null : "restore exited with 1: java.lang.OutOfMemoryError");
        BenchRun.Load load = new BenchRun.Load("0.10 0.20 0.30", List.of("1.0 1000 java"));
        return new BenchRun(BenchOptions.full(1.0, 2, Path.of("/tmp/w"), Path.of("docs/benchmarks.md"), "./cartographus bench"),
                new Machine(2, "23.5 GiB", "AMD EPYC", "/dev/vda (ext4)", "Linux"), Map.of("Java", "17"), Instant.parse("2026-01-01T00:00:00Z"),
                Duration.ofSeconds(600), load, load, new DemoDatabase.Seeded(12_000_000, 1L << 30, 40.0, false), m, catalog, heap,
                500L << 20, true);
    }
}
