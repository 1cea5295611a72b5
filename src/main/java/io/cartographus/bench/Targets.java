package io.cartographus.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The performance targets (issue 10 and docs/design.md §4), judged on the medians of a run. */
final class Targets {
    record Verdict(String target, String measured, boolean pass) {
        String result() {
            return pass ? "PASS" : "FAIL";
        }
    }

    private Targets() {
    }

    static List<Verdict> judge(BenchRun run) {
        Measurements m = run.measurements();
        List<Verdict> out = new ArrayList<>();
        ratio(out, "zstd backup ≤ 1.15 × `tar -I 'zstd -3 -T0' -cf`", m.ratio(Op.BACKUP_ZSTD, Op.TAR_ZSTD), 1.15);
        ratio(out, "gzip backup ≤ 1.1 × `tar czf`", m.ratio(Op.BACKUP_GZIP, Op.TAR_GZIP), 1.10);
        ratio(out, "encrypted zstd backup ≤ 1.1 × the same backup unencrypted (issue 6)",
                m.ratio(Op.BACKUP_ZSTD_ENCRYPTED, Op.BACKUP_ZSTD), 1.10);
        ratio(out, "restore of the zstd backup, database check excluded, ≤ 1.2 × `tar xf`", restoreRatio(m, Op.RESTORE_ZSTD, Op.UNTAR_ZSTD), 1.2);
        ratio(out, "restore of the gzip backup, database check excluded, ≤ 1.2 × `tar xf`", restoreRatio(m, Op.RESTORE_GZIP, Op.UNTAR_GZIP), 1.2);
        double p99 = m.writerDuringBackup.percentile(99);
        out.add(new Verdict("writer commit latency p99 during a zstd backup < 50 ms", ms(p99), p99 < 50));
        double base = m.writerBaseline.percentile(99);
        out.add(new Verdict("writer p99 during a backup ≤ 2 × p99 without one (docs/design.md §4)",
                ms(p99) + " vs " + ms(base) + " (" + x(p99 / base) + ")", p99 <= 2 * base));
        CatalogScale.Result c = run.catalog();
        double listStatus = Math.max(c.list().median(), Math.max(c.listFiltered().median(), c.status().median()));
        out.add(new Verdict("`backup/list` and `backup/status` < 50 ms with " + c.count() + " backups (HTTP, median)",
                "list " + ms(c.list().median()) + ", filtered list " + ms(c.listFiltered().median()) + ", status " + ms(c.status().median()),
                listStatus < 50));
        out.add(new Verdict("retention plan < 100 ms for " + c.count() + " backups (median)", ms(c.retention().median()),
                c.retention().median() < 100));
        SmallHeap.Result h = run.smallHeap();
        out.add(new Verdict("backup + restore complete with `" + SmallHeap.HEAP + "`",
                h.ok() ? "completed" : "did not complete: " + h.failure(), h.ok()));
        return out;
    }

    /** Our restore without its database check (measured separately, same round) over the tool's extraction. */
    static double restoreRatio(Measurements m, Op restore, Op untar) {
        return (m.times(restore).median() - m.times(Op.DATABASE_CHECK).median()) / m.times(untar).median();
    }

    private static void ratio(List<Verdict> out, String target, double ratio, double limit) {
        out.add(new Verdict(target, x(ratio), ratio <= limit));
    }

    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "n/a";
        }
        if (millis >= 10_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000);
        }
        if (millis >= 1000) {
            return String.format(Locale.ROOT, "%.2f s", millis / 1000);
        }
        return String.format(Locale.ROOT, millis >= 10 ? "%.0f ms" : "%.1f ms", millis);
    }

    static String x(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f×", ratio);
    }
}
