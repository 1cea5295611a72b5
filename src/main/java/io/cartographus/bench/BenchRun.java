package io.cartographus.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Everything one run found, for the report. */
record BenchRun(BenchOptions options, Machine machine, Map<String, String> versions, Instant started, Duration elapsed,
                Load loadStart, Load loadEnd, DemoDatabase.Seeded seeded, Measurements measurements, CatalogScale.Result catalog,
                SmallHeap.Result smallHeap, long peakRss, boolean peakReset) {

    /** The load average and the busiest processes at one moment. */
    record Load(String average, List<String> busiest) {
        static Load now() {
            return new Load(Machine.loadAverage(), Machine.busiestProcesses(5));
        }
    }
}
