package io.cartographus.bench;

import io.cartographus.engine.Engine;
import io.cartographus.config.LoadedConfig;
import io.cartographus.database.DuckInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the benchmark: seed (or reuse) the demo database, run the rounds, the memory check and the
 * catalog at scale, and write the report. Progress goes to {@code progress} line by line.
 */
public final class Bench {
    private final Engines.Factory factory;
    private final PrintStream progress;

    /** @param wiring Main's wiring: builds an engine from a configuration */
    public Bench(Function<LoadedConfig, Engine> wiring, PrintStream progress) {
        this.factory = new Engines.Factory(wiring);
        this.progress = progress;
    }

    /** Runs everything {@code o} asks for and writes the report; returns the verdicts. */
    public List<String> run(BenchOptions o) throws IOException, InterruptedException {
        Prepared p = prepare(o);
        Instant started = p.started();
        long t0 = p.t0();
        BenchRun.Load loadStart = p.loadStart();
        Workspace ws = p.ws();
        DemoDatabase.Seeded seeded = p.seeded();
        Map<String, String> versions = p.versions();
        boolean peakReset = Memory.resetOwnPeak();

        Measurements m = new Measurements();
        StallProbe stall = new StallProbe(m, o.stallWindow());
        for (int i = 1; i <= o.rounds(); i++) {
            say("round %d of %d (load %s)", i, o.rounds(), Machine.loadAverage());
            new Round(p.engines(), ws, m, i, stall).run();
        }
        long peak = Memory.ownPeakRss();
        say("memory: backup and restore with %s", SmallHeap.HEAP);
        SmallHeap.Result small = SmallHeap.run(ws, ws.work().resolve("backups-small-heap"));
        io.cartographus.fs.TempFiles.deleteRecursively(ws.work().resolve("backups-small-heap"));
        ws.removeReplacedDatabases();
        say("catalog with %,d backups", o.catalogSize());
        CatalogScale.Result catalog = new CatalogScale(factory, new ChildJvm(List.of()))
                .measure(ws.work().resolve("catalog"), o.catalogSize(), o.samples(), o.smoke() ? 1 : 3);
        BenchRun run = new BenchRun(o, Machine.describe(ws.work()), versions, started, Duration.ofNanos(System.nanoTime() - t0),
                loadStart, BenchRun.Load.now(), seeded, m, catalog, small, peak, peakReset);
        Report.write(run, o.report());
        say("report written to %s", o.report());
        return Targets.judge(run).stream().map(v -> v.result() + "  " + v.target() + ": " + v.measured()).toList();
    }

    /**
     * The history series only ({@code days} simulated days of each kind of change, see {@link History}):
     * seeds (or reuses) the demo database as {@link #run} does, writes its own report; returns the verdicts.
     */
    public List<String> runHistory(BenchOptions o, int days) throws IOException {
        if (days < 1) {
            throw new IllegalArgumentException("days must be >= 1");
        }
        Prepared p = prepare(o);
        Workspace ws = p.ws();
        Map<String, String> versions = p.versions();
        versions.put("restic", Tools.run(ws.work(), Map.of(), List.of("restic", "version")).strip());
        versions.put("borg", Tools.version("borg"));
        History history = new History(factory, ws.work(), progress, o.stallWindow());
        List<History.Series> series = new java.util.ArrayList<>();
        for (History.Change change : History.Change.values()) {
            say("history: %d days, %s", days, change.description);
            series.add(history.run(change, ws.database(), days));
        }
        HistoryReport.Run run = new HistoryReport.Run(o, days, Machine.describe(ws.work()), versions, p.started(),
                Duration.ofNanos(System.nanoTime() - p.t0()), p.loadStart(), BenchRun.Load.now(), p.seeded(), series);
        HistoryReport.write(run, o.report());
        say("report written to %s", o.report());
        return HistoryReport.judge(run).stream().map(v -> v.result() + "  " + v.target() + ": " + v.measured()).toList();
    }

    /** What every run starts with: the clock, the load, the workspace and the seeded (or reused) demo database. */
    private record Prepared(Instant started, long t0, BenchRun.Load loadStart, Workspace ws, Engines engines,
                            DemoDatabase.Seeded seeded, Map<String, String> versions) {
    }

    private Prepared prepare(BenchOptions o) throws IOException {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        BenchRun.Load loadStart = BenchRun.Load.now();
        Workspace ws = new Workspace(o.work().toAbsolutePath());
        ws.prepare();
        Engines engines = factory.at(ws.work(), ws.data(), ws.backups());
        say("load average " + loadStart.average() + "; seeding (or reusing) %,d demo events in %s", o.events(), ws.data());
        DemoDatabase.Seeded seeded = DemoDatabase.ensure(engines, ws.seedMarker(), o.events());
        say("database: %,d bytes%s", seeded.bytes(), seeded.reused() ? " (reused)" : String.format(" (seeded in %.1f s)", seeded.seedSeconds()));
        return new Prepared(started, t0, loadStart, ws, engines, seeded, versions(engines));
    }

    private Map<String, String> versions(Engines engines) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        try (Engine e = engines.open(Setting.ZSTD3)) {
            DuckInfo d = e.database().read(DuckInfo::of);
            v.put("DuckDB", d.libraryVersion() + " (storage " + d.storageVersion() + ")");
        }
        for (String tool : List.of("tar", "gzip", "zstd")) {
            v.put(tool, Tools.version(tool));
        }
        String own = Bench.class.getPackage().getImplementationVersion();
        v.put("cartographus", own == null ? "dev (not run from the jar)" : own);
        return v;
    }

    private void say(String format, Object... args) {
        progress.println("bench: " + String.format(format, args));
        progress.flush();
    }
}
