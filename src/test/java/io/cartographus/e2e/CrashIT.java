package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.testing.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the real server at random moments of a backup, a background verification, a
 * retention apply and a burst of catalog writes (config backups and deletions), while a client keeps
 * syncing events; and a restore halted at a random step by the restore tests' hook
 * ({@code CARTOGRAPHUS_TEST_CRASH_AT}, which stops the process like kill -9). After every restart:
 * the data directory is consistent ({@link Consistency}), no backup ever seen completed is gone
 * unless the killed operation was deleting it, and the database holds the old rows, the old rows
 * plus the whole batch that was in flight, or the restored backup's rows.
 *
 * <p>A handful of iterations in CI; {@code -Dcrash.iterations=60 -Dit.timeout=2h} for the long run (each test has 10 minutes by default) and
 * {@code -Dtest.seed=N} to replay a run (the seed is printed first, see {@link Seeds}).
 */
class CrashIT {
    private static final String T = AppProcess.ADMIN;
    private static final int MAX_COUNT = 6;

    enum Phase { BACKUP, VERIFY, RETENTION, CATALOG, RESTORE }

    @TempDir
    Path tmp;

    private final Set<String> known = new TreeSet<>();
    private final Set<String> mayBeDeleted = new HashSet<>();
    private final Set<String> seen = new TreeSet<>();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Set<Long> allowedRows = new HashSet<>();
    private int nextEvent = 10_000_000;
    private String crashAt;
    private static final List<String> RESTORE_STEPS = io.cartographus.restore.CrashPoints.STEPS;

    @Test
    void killed_at_random_points_the_server_restarts_consistent_and_loses_nothing_completed() throws Exception {
        long seed = Seeds.seed("CrashIT");
        int iterations = Integer.getInteger("crash.iterations", 5);
        System.out.println("CrashIT iterations=" + iterations);
        Random random = new Random(seed);
        Path data = tmp.resolve("data");
        AppProcess.CliResult seeded = AppProcess.cli(Map.of("DATA_DIR", data.toString()), "demo", "seed", "--events", "300000");
        assertThat(seeded.exit()).as(seeded.err()).isZero();

        current = server(data, null).start();
        try {
            run(current, data, random, seed, iterations);
        } finally {
            // A failed assertion must not leave a server running after the test.
            current.kill();
        }
    }

    private AppProcess current;

    private void run(AppProcess first, Path data, Random random, long seed, int iterations) throws Exception {
        AppProcess app = first;
        current = app;
        acked.set(app.get("/api/v1/stats", T).json().path("total_playbacks").asLong());
        long t0 = System.nanoTime();
        JsonNode reference = app.post("/api/v1/backup/create", T, Map.of("type", "full")).json();
        long backupMs = (System.nanoTime() - t0) / 1_000_000;
        long verifyMs = awaitVerified(app, reference.path("id").asText());
        known.add(reference.path("id").asText());
        System.out.printf("reference: full backup %d ms, its verification %d ms%n", backupMs, verifyMs);

        List<String> log = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            Phase phase = Phase.values()[i % Phase.values().length];
            String what = "seed " + seed + ", iteration " + i + ", " + phase;
            mayBeDeleted.clear();
            inFlight.set(0);
            allowedRows.clear();
            AtomicBoolean stop = new AtomicBoolean();
            AppProcess running = app;
            // A restore pauses sync (503 by design); the other phases sync all the way to the kill.
            Thread syncer = new Thread(() -> syncUntilKilled(running, stop), "syncer");
            if (phase != Phase.RESTORE) {
                syncer.start();
            }
            String detail = switch (phase) {
                case BACKUP -> killDuringBackup(app, random, backupMs);
                case VERIFY -> killDuringVerification(app, random, verifyMs);
                case RETENTION -> killDuringRetention(app, random);
                case CATALOG -> killDuringCatalogWrites(app, random);
                case RESTORE -> crashDuringRestore(app, random);
            };
            stop.set(true);
            if (syncer.isAlive() || phase != Phase.RESTORE) {
                syncer.join();
            }
            assertThat(unexpected).as(what).isEmpty();
            log.add(what + ": " + detail);
            System.out.println(what + ": " + detail);

            // A restore is crashed by the hook the restore tests use (CARTOGRAPHUS_TEST_CRASH_AT), at a random step.
            boolean restoreNext = i + 1 < iterations && Phase.values()[(i + 1) % Phase.values().length] == Phase.RESTORE;
            crashAt = restoreNext ? RESTORE_STEPS.get(random.nextInt(RESTORE_STEPS.size())) : null;
            app = server(data, crashAt).start();
            current = app;
            checkAfterRestart(app, what + " (" + detail + ")");
        }

        // Every verification a kill interrupted runs again after the restart and passes.
        for (String id : known) {
            awaitVerified(app, id);
        }
        // And the engine still takes good backups of the database all those kills wrote to.
        String newest = app.post("/api/v1/backup/create", T, Map.of("type", "full")).json().path("id").asText();
        JsonNode valid = app.post("/api/v1/backup/validate/" + newest, T, null).json();
        assertThat(valid.path("valid").asBoolean()).as(valid.toString()).isTrue();
        app.stop();
        assertThat(Consistency.check(data).problems()).as("after a clean stop").isEmpty();
        String serverLog = app.logText();
        Map<String, Long> repairs = new java.util.TreeMap<>();
        for (String note : List.of("was interrupted by a stop; marked failed", "did not complete; removed the archive it left",
                "finished deleting it", "the index missed its last change", "restore journal:")) {
            repairs.put(note, serverLog.lines().filter(l -> l.contains(note)).count());
        }
        System.out.println("CrashIT: " + iterations + " kills survived, " + seen.size() + " backups seen completed, none lost ("
                + known.size() + " left after retention and deletions); repairs at start-up: " + repairs);
    }

    private AppProcess server(Path data, String restoreCrashStep) {
        AppProcess app = new AppProcess(data);
        if (restoreCrashStep != null) {
            app.crashAt(restoreCrashStep);
        }
        return app.withAdminToken()
                .set("BACKUP_RETENTION_KEEP_RECENT_HOURS", "0").set("BACKUP_RETENTION_KEEP_DAILY_DAYS", "0")
                .set("BACKUP_RETENTION_KEEP_WEEKLY_WEEKS", "0").set("BACKUP_RETENTION_KEEP_MONTHLY_MONTHS", "0")
                .set("BACKUP_RETENTION_MAX_COUNT", Integer.toString(MAX_COUNT)).set("BACKUP_RETENTION_MIN_COUNT", "2");
    }

    private String killDuringBackup(AppProcess app, Random random, long backupMs) throws Exception {
        String type = random.nextInt(10) < 5 ? "full" : random.nextInt(5) < 4 ? "database" : "config";
        AppProcess.Response started = app.post("/api/v1/backup/create?wait=false", T, Map.of("type", type));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        long delay = (long) (random.nextDouble() * backupMs * 1.2);
        Thread.sleep(delay);
        app.kill();
        return type + " backup " + started.json().path("id").asText() + " killed after " + delay + " ms";
    }

    private String crashDuringRestore(AppProcess app, Random random) throws Exception {
        JsonNode from = null;
        for (JsonNode b : app.get("/api/v1/backup/list?status=completed", T).json().path("backups")) {
            if (from == null && !b.path("type").asText().equals("config")) {
                from = b;
            }
        }
        if (from == null) {
            from = app.post("/api/v1/backup/create", T, Map.of("type", "database")).json();
            known.add(from.path("id").asText());
        }
        String id = from.path("id").asText();
        boolean safetyBackup = random.nextBoolean();
        allowedRows.add(from.path("tables").path("playback_events").asLong());
        Thread restore = new Thread(() -> ignoreFailure(() -> app.post("/api/v1/backup/restore/" + id, T,
                Map.of("create_pre_restore_backup", safetyBackup))), "restore");
        restore.start();
        restore.join(TimeUnit.MINUTES.toMillis(3));
        app.kill();
        return "restore of " + id + (safetyBackup ? " with" : " without") + " a pre-restore backup, halted at step " + crashAt;
    }

    private String killDuringVerification(AppProcess app, Random random, long verifyMs) throws Exception {
        AppProcess.Response done = app.post("/api/v1/backup/create", T, Map.of("type", "database"));
        assertThat(done.status()).as(done.text()).isEqualTo(200);
        String id = done.json().path("id").asText();
        known.add(id);
        long delay = (long) (random.nextDouble() * verifyMs * 1.2);
        Thread.sleep(delay);
        app.kill();
        return "verification of " + id + " killed after " + delay + " ms";
    }

    private String killDuringRetention(AppProcess app, Random random) throws Exception {
        while (completedCount(app) < MAX_COUNT + 3) {
            AppProcess.Response r = app.post("/api/v1/backup/create", T, Map.of("type", "config"));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            known.add(r.json().path("id").asText());
        }
        app.get("/api/v1/backup/retention/preview", T).json().path("to_delete").forEach(n -> mayBeDeleted.add(n.asText()));
        Thread apply = new Thread(() -> ignoreFailure(() -> app.post("/api/v1/backup/retention/apply", T, Map.of())), "apply");
        apply.start();
        long delay = random.nextInt(250);
        Thread.sleep(delay);
        app.kill();
        apply.join();
        return "retention apply deleting " + mayBeDeleted.size() + " killed after " + delay + " ms";
    }

    private String killDuringCatalogWrites(AppProcess app, Random random) throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        List<String> done = new ArrayList<>();
        Thread burst = new Thread(() -> ignoreFailure(() -> {
            while (!killed.get()) {
                AppProcess.Response r = app.post("/api/v1/backup/create", T, Map.of("type", "config"));
                if (r.status() != 200) {
                    unexpected.add("create: HTTP " + r.status() + " " + r.text());
                    return null;
                }
                synchronized (known) {
                    known.add(r.json().path("id").asText());
                }
                done.add("create");
                String oldest = oldestConfig(app);
                if (oldest != null) {
                    synchronized (known) {
                        mayBeDeleted.add(oldest);
                    }
                    AppProcess.Response d = app.call("DELETE", "/api/v1/backup/" + oldest, T, null, null);
                    if (d.status() != 200) {
                        unexpected.add("delete: HTTP " + d.status() + " " + d.text());
                        return null;
                    }
                    synchronized (known) {
                        known.remove(oldest);
                    }
                    done.add("delete");
                }
            }
            return null;
        }), "catalog-burst");
        burst.start();
        long delay = random.nextInt(1500);
        Thread.sleep(delay);
        killed.set(true);
        app.kill();
        burst.join();
        assertThat(unexpected).isEmpty();
        return "catalog writes killed after " + delay + " ms and " + done.size() + " operations";
    }

    private void syncUntilKilled(AppProcess app, AtomicBoolean stop) {
        ignoreFailure(() -> {
            while (!stop.get()) {
                int n = 200;
                List<Map<String, Object>> batch = Events.batch(n, nextEvent);
                inFlight.set(n);
                AppProcess.Response r = app.post("/api/v1/sync", T, batch);
                if (r.status() != 200) {
                    unexpected.add("sync: HTTP " + r.status() + " " + r.text());
                    return null;
                }
                acked.addAndGet(r.json().path("inserted").asLong());
                nextEvent += n;
                inFlight.set(0);
            }
            return null;
        });
    }

    private void checkAfterRestart(AppProcess app, String what) throws Exception {
        // A validation the restarted server begins (re-checking an archive it never finished verifying)
        // has a work directory while it runs; a leftover start-up failed to remove never goes away.
        Awaitility.await(what + ": temporary files gone").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Consistency.check(app.dataDir).problems().stream().noneMatch(p -> p.startsWith("temporary file left")));
        Consistency.Report report = Consistency.check(app.dataDir);
        assertThat(report.problems()).as(what + "\n" + tail(app)).isEmpty();
        Set<String> mustRemain = new TreeSet<>(known);
        mustRemain.removeAll(mayBeDeleted);
        assertThat(report.completed()).as(what + ": completed backups lost").containsAll(mustRemain);
        assertThat(app.get("/api/v1/health/ready", null).status()).as(what).isEqualTo(200);
        long rows = app.get("/api/v1/stats", T).json().path("total_playbacks").asLong();
        allowedRows.add(acked.get());
        allowedRows.add(acked.get() + inFlight.get());
        assertThat(rows).as(what + ": rows are the old ones, or the old ones plus the whole batch in flight, or the restored ones")
                .isIn(allowedRows);
        acked.set(rows);
        known.clear();
        known.addAll(report.completed());
        seen.addAll(known);
    }

    private static long completedCount(AppProcess app) throws Exception {
        return app.get("/api/v1/backup/list?status=completed&limit=1", T).json().path("total").asLong();
    }

    private static String oldestConfig(AppProcess app) throws Exception {
        JsonNode b = app.get("/api/v1/backup/list?type=config&status=completed&sort_desc=false&limit=1", T).json().path("backups");
        return b.isEmpty() ? null : b.path(0).path("id").asText();
    }

    /** Waits until the backup's test restore passed; returns how long that took. */
    private static long awaitVerified(AppProcess app, String id) throws Exception {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < 120_000_000_000L) {
            JsonNode r = app.get("/api/v1/backup/" + id, T).json();
            String v = r.path("verification").path("status").asText();
            if (v.equals("passed")) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            assertThat(v).as(id + " verification: " + r).isEqualTo("pending");
            Thread.sleep(50);
        }
        throw new AssertionError("verification of " + id + " still pending after 120 s");
    }

    private static String tail(AppProcess app) {
        String text = app.logText();
        return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    }

    interface Call {
        Object run() throws Exception;
    }

    /** A client of a server that is about to be killed: its failure is expected, what it did before counts. */
    private static void ignoreFailure(Call c) {
        try {
            c.run();
        } catch (Exception e) {
            // Killed mid-request.
        }
    }
}
