package io.cartographus.cli;

import io.cartographus.bench.Bench;
import io.cartographus.bench.BenchOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", description = {"Measure backup, restore, validation, writer stall, memory and the catalog at scale against "
        + "tar, gzip, zstd and cp, and write a Markdown report with PASS/FAIL per performance target.",
        "With --history: simulated days of change with one backup a day, deduplicated against restic and borg.",
        "Run it on a quiet machine: other load makes the numbers meaningless."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--size-gb", defaultValue = "1.0", description = "Demo database size in GB (default: ${DEFAULT-VALUE})")
    double sizeGb;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds of every operation (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--work", paramLabel = "DIR", description = "Work directory; the demo database is kept and reused there "
            + "(default: <tmp>/cartographus-bench)")
    Path work;

    @Option(names = "--report", paramLabel = "FILE", description = "Report to write (default: docs/benchmarks.md, "
            + "with --history docs/benchmarks-history.md)")
    Path report;

    @Option(names = "--history", description = "Only the history series: simulated days of 1 % change, one backup a day by our "
            + "deduplicated and plain zstd backups, restic and borg, on the same database copies")
    boolean history;

    @Option(names = "--days", defaultValue = "30", description = "Days of each history series (default: ${DEFAULT-VALUE}; --smoke: 2)")
    int days;

    @Option(names = "--smoke", description = "A tiny run (20 MB, one round) that checks the harness works; the numbers mean nothing")
    boolean smoke;

    private final Wiring wiring;

    BenchCommand(Wiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public Integer call() throws Exception {
        if (!(sizeGb > 0) || rounds < 1 || days < 1) {
            System.err.println("error: --size-gb must be > 0, --rounds and --days >= 1");
            return ExitCodes.USAGE;
        }
        if (report == null) {
            report = Path.of(history ? "docs/benchmarks-history.md" : "docs/benchmarks.md");
        }
        Path dir = work != null ? work : Path.of(System.getProperty("java.io.tmpdir"), "cartographus-bench");
        String command = commandLine(dir);
        BenchOptions options = smoke ? BenchOptions.smoke(dir, report, command) : BenchOptions.full(sizeGb, rounds, dir, report, command);
        Bench bench = new Bench(wiring::engine, System.err);
        List<String> verdicts = history ? bench.runHistory(options, smoke ? Math.min(days, 2) : days) : bench.run(options);
        verdicts.forEach(System.out::println);
        return ExitCodes.OK;
    }

    private String commandLine(Path dir) {
        List<String> parts = new ArrayList<>(List.of("./cartographus", "bench"));
        if (history) {
            parts.add("--history");
            parts.add("--days " + (smoke ? Math.min(days, 2) : days));
        }
        if (smoke) {
            parts.add("--smoke");
        } else {
            parts.add(String.format(Locale.ROOT, "--size-gb %s", sizeGb));
            if (!history) {
                parts.add("--rounds " + rounds);
            }
        }
        parts.add("--work " + dir);
        parts.add("--report " + report);
        return String.join(" ", parts);
    }
}
