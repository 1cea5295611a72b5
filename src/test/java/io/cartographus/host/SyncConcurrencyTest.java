package io.cartographus.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.database.Database;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Media servers sync whenever they like: concurrent batches for the same users and addresses all
 * land, none fails, and users and places count each new event once.
 */
class SyncConcurrencyTest {
    @TempDir
    Path tmp;

    @Test
    void concurrent_batches_for_the_same_users_all_succeed() throws Exception {
        Database db = new Database(tmp.resolve("app.duckdb"));
        db.open();
        try {
            SyncService sync = new SyncService(db, PreSyncHook.NONE, () -> false);
            Instant start = Instant.parse("2026-03-01T20:00:00Z");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<SyncResult>> results = new ArrayList<>();
            for (int b = 0; b < 40; b++) {
                int batch = b;
                results.add(pool.submit(() -> sync.sync(IntStream.range(0, 20).mapToObj(i -> new PlaybackEvent(
                        "b" + batch + "-" + i, 1 + i % 3, "user" + i % 3, "Film", "movie", start, start.plusSeconds(60), 60,
                        "203.0.113." + i % 4, null, null, "Berlin", "DE", 52.5, 13.4)).toList())));
            }
            long inserted = 0;
            for (Future<SyncResult> r : results) {
                inserted += r.get().inserted();
            }
            pool.shutdown();
            assertThat(inserted).isEqualTo(800);
            long counted = db.read(c -> {
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT sum(playback_count) FROM users")) {
                    r.next();
                    return r.getLong(1);
                }
            });
            assertThat(counted).isEqualTo(800);
            long places = db.read(c -> {
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                        "SELECT count(*) FROM geolocations WHERE city = 'Berlin' AND country = 'DE'")) {
                    r.next();
                    return r.getLong(1);
                }
            });
            assertThat(places).as("one row per address").isEqualTo(4);
        } finally {
            db.close();
        }
    }
}
