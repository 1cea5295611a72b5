package io.cartographus.bench;

import io.cartographus.engine.Engine;
import io.cartographus.host.DemoData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The database the benchmark backs up: demo playback history of about the requested size, seeded
 * once and reused by later runs with the same work directory (seeding 1 GB takes a while). A small
 * properties file next to it remembers how many events it was seeded with and how long that took.
 */
final class DemoDatabase {
    /** About 12 million demo events make 1 GB (measured: 82 MiB per million with DuckDB 2.0). */
    static final long EVENTS_PER_GB = 12_000_000;
    private static final int USERS = 500;

    /** What the benchmark works on; {@code seedSeconds} is from the run that created it. */
    record Seeded(long events, long bytes, double seedSeconds, boolean reused) {
    }

    private DemoDatabase() {
    }

    static long eventsFor(double sizeGb) {
        return Math.max(1_000, Math.round(sizeGb * EVENTS_PER_GB));
    }

    /** Seeds the database unless the marker says it already holds {@code events} demo events. */
    static Seeded ensure(Engines engines, Path marker, long events) throws IOException {
        Properties p = new Properties();
        try (Engine engine = engines.create(Setting.ZSTD3)) {
            Path file = engine.database().file();
            if (Files.exists(marker) && Files.exists(file)) {
                try (var in = Files.newBufferedReader(marker, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
                if (Long.parseLong(p.getProperty("events", "-1")) == events) {
                    return new Seeded(events, Files.size(file), Double.parseDouble(p.getProperty("seed_seconds", "NaN")), true);
                }
            }
            Files.deleteIfExists(marker);
            Files.deleteIfExists(file);
            Files.deleteIfExists(engine.database().walFile());
            engine.database().open();
            long t0 = System.nanoTime();
            new DemoData(engine.database()).seed(events, USERS);
            engine.database().checkpoint();
            double seconds = (System.nanoTime() - t0) / 1e9;
            p.setProperty("events", Long.toString(events));
            p.setProperty("seed_seconds", String.format(java.util.Locale.ROOT, "%.1f", seconds));
            try (var out = Files.newBufferedWriter(marker, StandardCharsets.UTF_8)) {
                p.store(out, "cartographus bench: the demo database in data/ was seeded with these events");
            }
            return new Seeded(events, Files.size(file), seconds, false);
        }
    }
}
