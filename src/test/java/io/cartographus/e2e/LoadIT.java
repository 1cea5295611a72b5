package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.testing.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 50 concurrent clients for a bounded time — 40 reading (list, status, stats) and 10 syncing
 * batches — while two more take backups back to back: no error but the documented 409 (a backup
 * already running), every backup completes and passes its test restore, every synced row arrives,
 * and the latencies (p50/p99) are printed. {@code -Dload.seconds=30} for the longer run (past ten minutes, raise {@code -Dit.timeout}).
 */
class LoadIT {
    private static final String T = AppProcess.ADMIN;
    private static final int CLIENTS = 50;
    private static final int SYNCERS = 10;

    @TempDir
    Path tmp;

    private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> backups = ConcurrentHashMap.newKeySet();
    private final AtomicLong inserted = new AtomicLong();
    private final AtomicInteger nextEvent = new AtomicInteger(20_000_000);

    @Test
    void fifty_clients_read_and_sync_while_backups_run_without_errors_or_lost_rows() throws Exception {
        long seconds = Long.getLong("load.seconds", 10);
        long seed = Seeds.seed("LoadIT");
        Path data = tmp.resolve("data");
        AppProcess.CliResult seeded = AppProcess.cli(Map.of("DATA_DIR", data.toString()), "demo", "seed", "--events", "50000");
        assertThat(seeded.exit()).as(seeded.err()).isZero();
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            long rowsBefore = app.get("/api/v1/stats", T).json().path("total_playbacks").asLong();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 2);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Random random = new Random(seed + i);
                boolean syncer = i < SYNCERS;
                running.add(pool.submit(() -> readOrSync(app, random, deadline, syncer)));
            }
            // Two backup clients, so that one regularly finds the other's backup running (409).
            for (int i = 0; i < 2; i++) {
                Random random = new Random(seed - 1 - i);
                running.add(pool.submit(() -> backUp(app, random, deadline)));
            }
            for (Future<?> f : running) {
                f.get(seconds + 300, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertThat(errors).as("errors other than the documented 409").isEmpty();
            assertThat(backups).isNotEmpty();
            for (String id : backups) {
                awaitPassed(app, id);
            }
            // The running server still rewrites the index (temp file, then rename) as the last verifications
            // land; a temporary file is a leftover only if it stays.
            org.awaitility.Awaitility.await("temporary files gone").atMost(java.time.Duration.ofSeconds(60))
                    .pollInterval(java.time.Duration.ofMillis(200))
                    .until(() -> Consistency.check(data).problems().stream().noneMatch(p -> p.startsWith("temporary file left")));
            assertThat(Consistency.check(data).problems()).isEmpty();
            assertThat(app.get("/api/v1/stats", T).json().path("total_playbacks").asLong()).isEqualTo(rowsBefore + inserted.get());
            System.out.println(report(seconds, seed));
        }
    }

    private void readOrSync(AppProcess app, Random random, long deadline, boolean syncer) {
        while (System.nanoTime() < deadline) {
            try {
                if (!syncer) {
                    String path = switch (random.nextInt(3)) {
                        case 0 -> "/api/v1/backup/list?limit=20";
                        case 1 -> "/api/v1/backup/status";
                        default -> "/api/v1/stats";
                    };
                    long t0 = System.nanoTime();
                    AppProcess.Response r = app.get(path, T);
                    record(path.replaceAll("\\?.*", ""), t0, r);
                } else {
                    int first = nextEvent.getAndAdd(50);
                    long t0 = System.nanoTime();
                    AppProcess.Response r = app.post("/api/v1/sync", T, Events.batch(50, first));
                    record("/api/v1/sync", t0, r);
                    if (r.status() == 200) {
                        inserted.addAndGet(r.json().path("inserted").asLong());
                    }
                }
            } catch (Exception e) {
                errors.add(e.toString());
            }
        }
    }

    private void backUp(AppProcess app, Random random, long deadline) {
        while (System.nanoTime() < deadline) {
            String type = List.of("full", "database", "config").get(random.nextInt(3));
            try {
                long t0 = System.nanoTime();
                AppProcess.Response r = app.post("/api/v1/backup/create", T, Map.of("type", type));
                statuses.computeIfAbsent("backup " + r.status(), k -> new AtomicInteger()).incrementAndGet();
                if (r.status() == 200) {
                    assertThat(r.json().path("status").asText()).isEqualTo("completed");
                    backups.add(r.json().path("id").asText());
                    latencies.computeIfAbsent("backup/create", k -> Collections.synchronizedList(new ArrayList<>()))
                            .add(System.nanoTime() - t0);
                } else if (r.status() == 409) {
                    Thread.sleep(random.nextInt(200));
                } else {
                    errors.add("backup/create: HTTP " + r.status() + " " + r.text());
                }
            } catch (Exception | AssertionError e) {
                errors.add(e.toString());
            }
        }
    }

    private void record(String path, long t0, AppProcess.Response r) {
        latencies.computeIfAbsent(path, k -> Collections.synchronizedList(new ArrayList<>())).add(System.nanoTime() - t0);
        statuses.computeIfAbsent(path + " " + r.status(), k -> new AtomicInteger()).incrementAndGet();
        if (r.status() != 200) {
            errors.add(path + ": HTTP " + r.status() + " " + r.text());
        }
    }

    private static void awaitPassed(AppProcess app, String id) throws Exception {
        for (int i = 0; i < 1200; i++) {
            JsonNode r = app.get("/api/v1/backup/" + id, T).json();
            assertThat(r.path("status").asText()).as(id).isEqualTo("completed");
            String v = r.path("verification").path("status").asText();
            if (v.equals("passed")) {
                return;
            }
            assertThat(v).as(id + ": " + r.path("verification")).isEqualTo("pending");
            Thread.sleep(100);
        }
        throw new AssertionError("verification of " + id + " still pending after 120 s");
    }

    private String report(long seconds, long seed) {
        StringBuilder out = new StringBuilder("LoadIT: " + CLIENTS + " clients (" + (CLIENTS - SYNCERS) + " reading, " + SYNCERS
                + " syncing 50 events a batch) for " + seconds + " s (seed " + seed + "), "
                + backups.size() + " backups completed and verified\n");
        List<Long> reads = new ArrayList<>();
        Map<String, List<Long>> sorted = new TreeMap<>(latencies);
        sorted.forEach((path, l) -> {
            List<Long> copy;
            synchronized (l) {
                copy = new ArrayList<>(l);
            }
            if (!path.equals("/api/v1/sync") && !path.equals("backup/create")) {
                reads.addAll(copy);
            }
            out.append(line(path, copy));
        });
        out.append(line("all reads", reads));
        out.append("statuses: ").append(new TreeMap<>(statuses)).append('\n');
        return out.toString();
    }

    private static String line(String what, List<Long> nanos) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        return String.format("  %-22s n=%6d  p50=%7.1f ms  p99=%7.1f ms  max=%7.1f ms%n", what, s.size(),
                pct(s, 0.50), pct(s, 0.99), s.isEmpty() ? 0 : s.get(s.size() - 1) / 1e6);
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }
}
