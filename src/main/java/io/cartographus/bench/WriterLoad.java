package io.cartographus.bench;

import io.cartographus.database.Database;
import io.cartographus.error.BackupException;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The application's writes while a backup runs: small insert transactions through
 * {@link Database#write} at a steady rate from their own thread, each timed from the call to the
 * commit. A slow call does not shift the schedule: the next one starts at its planned time or at
 * once, so a stall shows up as one long latency, not as fewer samples.
 */
final class WriterLoad {
    private static final String INSERT = "INSERT INTO playback_events (id, user_id, username, title, media_type, started_at, "
            + "stopped_at, duration_s, synced_at) VALUES (?, ?, 'bench', 'Bench write', 'movie', now(), now(), 60, now())";

    private final Database database;
    private final String tag;
    private final Duration period;
    private final int rows;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Samples latencies = new Samples();
    private int failures;
    private Thread thread;

    /** @param tag makes this load's event ids unique within the database */
    WriterLoad(Database database, String tag, Duration period, int rowsPerTransaction) {
        this.database = database;
        this.tag = tag;
        this.period = period;
        this.rows = rowsPerTransaction;
    }

    void start() {
        running.set(true);
        thread = new Thread(this::loop, "bench-writer-" + tag);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops after the transaction in flight and returns every latency, in milliseconds. */
    Samples stop() {
        running.set(false);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            return latencies;
        }
    }

    synchronized int failures() {
        return failures;
    }

    private void loop() {
        long next = System.nanoTime();
        long n = 0;
        while (running.get()) {
            long batch = n++;
            long t0 = System.nanoTime();
            try {
                database.write(c -> {
                    try (PreparedStatement p = c.prepareStatement(INSERT)) {
                        for (int i = 0; i < rows; i++) {
                            p.setString(1, "bench-" + tag + "-" + batch + "-" + i);
                            p.setLong(2, 1 + (batch + i) % 500);
                            p.executeUpdate();
                        }
                    }
                    return null;
                });
                long took = System.nanoTime() - t0;
                synchronized (this) {
                    latencies.addNanos(took);
                }
            } catch (BackupException e) {
                synchronized (this) {
                    failures++;
                }
            }
            next += period.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.nanoTime();
            }
        }
    }
}
