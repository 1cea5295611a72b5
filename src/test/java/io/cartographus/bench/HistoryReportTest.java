package io.cartographus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HistoryReportTest {
    /** A series whose days add {@code dedup} bytes (ours) and {@code restic} bytes; day 0 is huge and must not count. */
    private static History.Series series(long[] dedup, long[] restic, long dedupNanos, long zstdNanos, long restoreNanos, long untarNanos) {
        return series(dedup, restic, dedupNanos, zstdNanos, restoreNanos, untarNanos, 10, 10, 0);
    }

    /** @param writerBase the writer's one commit without a backup, {@code writerBusy} during one, in ms */
    private static History.Series series(long[] dedup, long[] restic, long dedupNanos, long zstdNanos, long restoreNanos, long untarNanos,
                                         double writerBase, double writerBusy, int writerFailures) {
        List<History.Day> days = new ArrayList<>();
        days.add(new History.Day(0, 1L << 40, 1L << 40, 1, 1, 1, 1, 1, 1));
        for (int i = 0; i < dedup.length; i++) {
            days.add(new History.Day(i + 1, dedup[i], dedupNanos, 0, zstdNanos, restic[i], 0, 0, 0));
        }
        Samples base = new Samples();
        base.add(writerBase);
        Samples busy = new Samples();
        busy.add(writerBusy);
        return new History.Series(History.Change.APPEND, 1, 1, days, 0, 0, 0, 0, restoreNanos, restoreNanos, untarNanos, base, busy,
                writerFailures);
    }

    private static long[] longs(String s) {
        return Arrays.stream(s.split(" ")).mapToLong(Long::parseLong).toArray();
    }

    @ParameterizedTest(name = "days {0}: median {1}")
    @CsvSource({"5, 5", "1 9 5, 5", "1 2 3 10, 2.5", "7 7, 7"})
    void the_median_is_over_the_changed_days_only(String values, double median) {
        long[] v = longs(values);
        assertThat(HistoryReport.median(series(v, v, 1, 1, 1, 1), History.Day::dedupBytes)).isEqualTo(median);
    }

    @ParameterizedTest(name = "ours {0} vs restic {1}, backup {2} vs {3} ns, restore {4} vs untar {5}, writer {6} vs {7} ms, {8} failed")
    @CsvSource({
            "100 100, 100 100, 50, 100, 120, 100, 10, 20, 0, true, true, true, true",
            "101 101, 100 100, 51, 100, 121, 100, 10, 20.1, 0, false, false, false, false",
            "1 300, 100 100, 10, 100, 10, 100, 10, 5, 1, false, true, true, false"})
    void each_target_is_judged_at_its_limit(String ours, String restic, long dedupNanos, long zstdNanos, long restore, long untar,
                                            double writerBase, double writerBusy, int writerFailures,
                                            boolean bytesPass, boolean timePass, boolean restorePass, boolean writerPass) {
        History.Series s = series(longs(ours), longs(restic), dedupNanos, zstdNanos, restore, untar, writerBase, writerBusy, writerFailures);
        HistoryReport.Run run = new HistoryReport.Run(null, 2, null, null, null, null, null, null, null, List.of(s));
        List<Targets.Verdict> v = HistoryReport.judge(run);
        assertThat(v).extracting(Targets.Verdict::pass).containsExactly(bytesPass, timePass, restorePass, writerPass);
    }
}
