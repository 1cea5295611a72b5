package io.cartographus.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers commit continuously from other threads while snapshots are taken; every copy must equal
 * the database at one commit point: the committed counter equals the row count and ids are contiguous.
 */
class SnapshotConsistencyTest {
    @TempDir
    Path tmp;

    @Test
    void every_snapshot_copy_is_the_database_at_one_commit_point_while_writers_run() throws Exception {
        Database db = new Database(tmp.resolve("live.duckdb"));
        db.open();
        db.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE counter (n BIGINT)");
                s.execute("INSERT INTO counter VALUES (0)");
                s.execute("CREATE TABLE rows_ (id BIGINT, payload VARCHAR)");
                // Enough data that the copy takes a while and large blocks exist.
                s.execute("INSERT INTO rows_ SELECT i, repeat('x', 50) || i FROM range(300000) t(i)");
                s.execute("UPDATE counter SET n = 300000");
            }
            return null;
        });
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong next = new AtomicLong(300000);
        List<Thread> writers = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int w = 0; w < 2; w++) {
            int big = w;
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        // Whole transactions are serialized so that committed ids stay contiguous.
                        synchronized (next) {
                            db.write(c -> {
                                // One writer sometimes commits a large transaction, which DuckDB writes straight into the main file.
                                int n = big == 1 && next.get() % 7 == 0 ? 250_000 : 50;
                                long start = next.get();
                                try (Statement s = c.createStatement()) {
                                    s.execute("INSERT INTO rows_ SELECT i, 'w' || i FROM range(" + start + ", " + (start + n) + ") t(i)");
                                    s.execute("UPDATE counter SET n = n + " + n);
                                }
                                next.addAndGet(n);
                                return null;
                            });
                        }
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            });
            t.start();
            writers.add(t);
        }
        try {
            for (int i = 0; i < 4; i++) {
                Thread.sleep(150);
                Path copy = tmp.resolve("copy-" + i + ".duckdb");
                Map<String, TableStats> expected;
                try (Snapshot snap = db.snapshot(Duration.ofSeconds(30))) {
                    try (InputStream in = Files.newInputStream(snap.file()); OutputStream out = Files.newOutputStream(copy)) {
                        long left = snap.length();
                        byte[] buf = new byte[1 << 20];
                        while (left > 0) {
                            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                            out.write(buf, 0, n);
                            left -= n;
                        }
                    }
                    expected = snap.tableStats();
                    assertThat(snap.writersHeld()).isLessThan(Duration.ofSeconds(5));
                }
                Properties p = new Properties();
                p.setProperty("duckdb.read_only", "true");
                try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + copy, p); Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT (SELECT n FROM counter), count(*), min(id), max(id), count(DISTINCT id) FROM rows_")) {
                    r.next();
                    long counter = r.getLong(1);
                    assertThat(r.getLong(2)).as("copy %d: rows equal the committed counter", i).isEqualTo(counter);
                    assertThat(r.getLong(3)).isZero();
                    assertThat(r.getLong(4)).isEqualTo(counter - 1);
                    assertThat(r.getLong(5)).isEqualTo(counter);
                    assertThat(TableStats.compute(c)).as("copy %d matches the pinned snapshot's counts and fingerprints", i)
                            .isEqualTo(expected);
                }
            }
        } finally {
            stop.set(true);
            for (Thread t : writers) {
                t.join();
            }
            db.close();
        }
        assertThat(failures).isEmpty();
    }
}
