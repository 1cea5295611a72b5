package io.cartographus.bench;

import java.util.List;
import java.util.Locale;

/** Memory, the catalog at scale, and how the demo database was made. */
final class ScaleSections {
    private final Report r;

    ScaleSections(Report r) {
        this.r = r;
    }

    void render(BenchRun run) {
        title("## Memory");
        r.line("Peak resident memory (VmHWM) of the benchmark process" + (run.peakReset() ? " after seeding (the peak was reset then)" : "")
                + ": **" + Report.size(run.peakRss()) + "** (Java heap and DuckDB's native memory together).");
        SmallHeap.Result h = run.smallHeap();
        r.line("");
        r.line("With `" + SmallHeap.HEAP + "`, as separate CLI processes (`backup create --type database --offline`, then "
                + "`backup restore <id> --offline --no-pre-restore-backup`, zstd 3):");
        r.line("");
        r.table(List.of("step", "completed", "time", "peak RSS"), List.of(
                List.of("backup", h.backupOk() ? "yes" : "**no**", seconds(h.backupSeconds()), Report.size(h.backupPeakRss())),
                List.of("restore (with its checks)", h.restoreOk() ? "yes" : "**no**", seconds(h.restoreSeconds()),
                        h.restorePeakRss() < 0 ? "" : Report.size(h.restorePeakRss()))));
        if (h.failure() != null) {
            r.line("");
            r.line("Failure: `" + h.failure().replace('`', '\'').replace('\n', ' ') + "`");
        }

        CatalogScale.Result c = run.catalog();
        title("## Catalog at scale");
        r.line(String.format(Locale.ROOT, "A synthetic BACKUP_DIR with %,d backups (sidecars, metadata.json, empty archive files). "
                + "HTTP times are round trips to the real server (`cartographus serve` as a child process) on loopback, after %d warm-up calls; "
                + "CLI times are whole processes (JVM start included).", c.count(), CatalogScale.WARM_UP));
        r.line("");
        r.table(List.of("operation", "median", "min – max", "runs"), List.of(
                row("`Catalog.open` (parses metadata.json and every sidecar; writes metadata.json only if they disagree)", c.open()),
                row("`Catalog.all()` (a copy of the sorted view readers share)", c.all()),
                row("`Catalog.put` of one new record (sidecar + metadata.json, fsynced)", c.put()),
                row("`Retention.plan` with the guide's defaults", c.retention()),
                row("`GET /api/v1/backup/list` (first 100)", c.list()),
                row("`GET /api/v1/backup/list` filtered by type, status and trigger, offset 100", c.listFiltered()),
                row("`GET /api/v1/backup/status`", c.status()),
                row("CLI `backup list --offline` on an empty DATA_DIR", c.cliEmpty()),
                row("CLI `backup list --offline`", c.cliList()),
                row("CLI `backup status --offline`", c.cliStatus())));

        DemoDatabase.Seeded s = run.seeded();
        title("## Demo database");
        r.line(String.format(Locale.ROOT, "%,d demo events, database file %s. %s", s.events(), Report.size(s.bytes()),
                s.reused() ? "Reused from an earlier run in the same work directory; that run seeded it in " + seconds(s.seedSeconds()) + "."
                        : "Seeded by this run in " + seconds(s.seedSeconds())
                        + String.format(Locale.ROOT, " (%,.0f events/s).", s.events() / s.seedSeconds())));
    }

    private static List<String> row(String name, Samples s) {
        return List.of(name, Targets.ms(s.median()), Report.range(s), Integer.toString(s.count()));
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "n/a" : String.format(Locale.ROOT, "%.1f s", s);
    }

    private void title(String t) {
        r.line("");
        r.line(t);
        r.line("");
    }
}
