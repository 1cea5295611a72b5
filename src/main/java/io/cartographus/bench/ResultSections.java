package io.cartographus.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The measured sections: backup, restore, writer stall, memory, catalog, demo database. */
final class ResultSections {
    private static final List<String> HEADER = List.of("operation", "median", "min – max", "runs", "CPU (median)", "output size",
            "vs tool (median ratio)");

    private final Report r;

    ResultSections(Report r) {
        this.r = r;
    }

    void render(BenchRun run, Measurements m) {
        long db = run.seeded().bytes();
        title("## Backup");
        r.line("Database file: " + Report.size(db) + ". Our backups are `database` backups (the database file and a manifest), "
                + "fsynced and renamed into place; the tools write without fsync. Our backup also hashes the file and the archive "
                + "(SHA-256) and counts and fingerprints every table while the file streams. CPU is the time all threads of a "
                + "process used (ours: this JVM, DuckDB included; a tool: its processes, `tar` and `zstd`/`gzip`); CPU over wall "
                + "time says how many of the cores it kept busy. The encrypted backup is measured as a running server takes "
                + "it: after an earlier backup, so that its key was derived ahead in the background; a one-shot CLI "
                + "`--offline` backup pays the set-up row below on top.");
        r.line("");
        List<List<String>> rows = new ArrayList<>();
        rows.add(row(m, Op.BACKUP_GZIP, Op.TAR_GZIP, db));
        rows.add(row(m, Op.TAR_GZIP, null, db));
        rows.add(row(m, Op.BACKUP_ZSTD, Op.TAR_ZSTD, db));
        rows.add(row(m, Op.BACKUP_ZSTD_ENCRYPTED, Op.TAR_ZSTD, db));
        rows.add(row(m, Op.TAR_ZSTD, null, db));
        rows.add(row(m, Op.KEY_DERIVATION, null, db));
        rows.add(row(m, Op.BACKUP_NONE, Op.TAR_NONE, db));
        rows.add(row(m, Op.TAR_NONE, null, db));
        rows.add(row(m, Op.CP, null, db));
        r.table(HEADER, rows);

        title("## Restore and validation");
        r.line("Our restore here: database only, no pre-restore backup, `verify_after_restore=false`. It still validates the "
                + "archive first (checksum, decompression, every entry against the manifest) and opens and scans the unpacked "
                + "database before swapping it in; that database check is timed on its own below and subtracted for the "
                + "comparison with `tar xf`, which checks nothing. `verify_after_restore=true` adds one more scan (\"verify after restore\").");
        r.line("");
        List<List<String>> rrows = new ArrayList<>();
        for (Op op : List.of(Op.RESTORE_ZSTD, Op.UNTAR_ZSTD, Op.RESTORE_GZIP, Op.UNTAR_GZIP, Op.DATABASE_CHECK, Op.LIVE_SCAN,
                Op.VALIDATE_ZSTD, Op.VALIDATE_GZIP)) {
            rrows.add(row(m, op, null, db));
        }
        rrows.add(List.of("our restore of the zstd backup minus the database check", Targets.ms(m.times(Op.RESTORE_ZSTD).median()
                - m.times(Op.DATABASE_CHECK).median()), "", "", "", "", Targets.x(Targets.restoreRatio(m, Op.RESTORE_ZSTD, Op.UNTAR_ZSTD))));
        rrows.add(List.of("our restore of the gzip backup minus the database check", Targets.ms(m.times(Op.RESTORE_GZIP).median()
                - m.times(Op.DATABASE_CHECK).median()), "", "", "", "", Targets.x(Targets.restoreRatio(m, Op.RESTORE_GZIP, Op.UNTAR_GZIP))));
        r.table(HEADER, rrows);

        title("## Writer stall");
        r.line("A writer thread commits " + StallProbe.ROWS + "-row insert transactions through `Database.write` every "
                + StallProbe.PERIOD.toMillis() + " ms: first without a backup (baseline), then during a zstd backup, in each round. "
                + "Latency is from the call to the commit. Failed writes: " + m.writerFailures + ".");
        r.line("");
        r.table(List.of("writer", "transactions", "p50", "p99", "max", "p99 per round"), List.of(
                stall("baseline (no backup)", m.writerBaseline, m.writerBaselineP99),
                stall("during a zstd backup", m.writerDuringBackup, m.writerDuringBackupP99)));
        new ScaleSections(r).render(run);
    }

    private static List<String> stall(String name, Samples s, Samples perRound) {
        return List.of(name, Integer.toString(s.count()), Targets.ms(s.percentile(50)), Targets.ms(s.percentile(99)), Targets.ms(s.max()),
                String.join(", ", perRound.values().stream().map(Targets::ms).toList()));
    }

    private static List<String> row(Measurements m, Op op, Op tool, long dbBytes) {
        Samples s = m.times(op);
        Long size = m.size(op);
        String out = size == null ? "" : Report.size(size) + String.format(Locale.ROOT, " (%.0f %%)", 100.0 * size / dbBytes);
        String vs = tool == null ? "" : Targets.x(m.ratio(op, tool)) + " of " + tool.label();
        String rate = s.isEmpty() || op == Op.KEY_DERIVATION ? "" : String.format(Locale.ROOT, " (%.0f MB/s)", dbBytes / 1e6 / (s.median() / 1000));
        Samples cpu = m.cpu(op);
        String cores = cpu.isEmpty() || s.isEmpty() ? "" : String.format(Locale.ROOT, " (%.1f cores)", cpu.median() / s.median());
        return List.of(op.label(), Targets.ms(s.median()) + rate, Report.range(s), Integer.toString(s.count()),
                cpu.isEmpty() ? "" : Targets.ms(cpu.median()) + cores, out, vs);
    }

    private void title(String t) {
        r.line("");
        r.line(t);
        r.line("");
    }
}
