package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.testing.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the real server with BACKUP_DEDUP at random moments of a backup (chunks being
 * written) and of a deletion (its chunk collection), while events keep arriving between kills. After
 * every restart: the data directory is consistent ({@link Consistency}: no temporary left, the index
 * agrees with the files, also under {@code chunks/}); every backup seen completed is still there
 * unless the killed operation was deleting it; every chunk a remaining backup's own manifest names is
 * on disk; and every remaining backup validates. At the end the oldest and the newest restore to
 * their own row counts.
 *
 * <p>{@code -Ddedupcrash.iterations=N} (with {@code -Dit.timeout=2h}: each test has 10 minutes by default) for a longer run, {@code -Dtest.seed=N} to replay one
 * (the seed is printed first, see {@link Seeds}).
 */
class DedupCrashIT {
    private static final String T = AppProcess.ADMIN;
    private static final Map<String, Object> RESTORE = Map.of("create_pre_restore_backup", false, "restore_config", false);

    enum Phase { BACKUP, DELETE }

    @TempDir
    Path tmp;

    /** Backups seen completed, with the playback count each recorded. */
    private final Map<String, Long> known = new TreeMap<>();
    private int nextEvent;

    @Test
    void killed_while_writing_or_collecting_chunks_the_store_keeps_every_chunk_a_backup_needs() throws Exception {
        long seed = Seeds.seed("DedupCrashIT");
        int iterations = Integer.getInteger("dedupcrash.iterations", 6);
        System.out.println("DedupCrashIT iterations=" + iterations);
        Random random = new Random(seed);
        Path data = tmp.resolve("data");
        Path backups = data.resolve("backups");
        AppProcess app = server(data).start();
        try {
            sync(app, 20_000);
            long t0 = System.nanoTime();
            created(app);
            long backupMs = (System.nanoTime() - t0) / 1_000_000;
            sync(app, 100);
            String second = created(app);
            t0 = System.nanoTime();
            AppProcess.Response d = app.call("DELETE", "/api/v1/backup/" + second, T, null, null);
            assertThat(d.status()).as(d.text()).isEqualTo(200);
            known.remove(second);
            long deleteMs = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
            System.out.printf("reference: dedup backup %d ms, deletion with collection %d ms%n", backupMs, deleteMs);

            List<String> log = new ArrayList<>();
            for (int i = 0; i < iterations; i++) {
                Phase phase = Phase.values()[i % Phase.values().length];
                sync(app, 100);
                String mayBeDeleted = null;
                String detail;
                if (phase == Phase.BACKUP) {
                    AppProcess.Response started = app.post("/api/v1/backup/create?wait=false", T,
                            Map.of("type", random.nextBoolean() ? "full" : "database"));
                    assertThat(started.status()).as(started.text()).isEqualTo(202);
                    long delay = (long) (random.nextDouble() * backupMs * 1.2);
                    Thread.sleep(delay);
                    app.kill();
                    detail = "backup " + started.json().path("id").asText() + " killed after " + delay + " ms";
                } else {
                    while (known.size() < 3) {
                        sync(app, 100);
                        created(app);
                    }
                    List<String> ids = new ArrayList<>(known.keySet());
                    String victim = ids.get(random.nextInt(ids.size()));
                    mayBeDeleted = victim;
                    AppProcess running = app;
                    Thread deleter = new Thread(() -> {
                        try {
                            running.call("DELETE", "/api/v1/backup/" + victim, T, null, null);
                        } catch (Exception e) {
                            // The kill cuts the connection; what the deletion left is checked after the restart.
                        }
                    }, "deleter");
                    deleter.start();
                    long delay = (long) (random.nextDouble() * deleteMs * 1.5);
                    Thread.sleep(delay);
                    app.kill();
                    deleter.join();
                    detail = "deletion of " + victim + " killed after " + delay + " ms";
                }
                String what = "seed " + seed + ", iteration " + i + ", " + detail;
                System.out.println(what);
                log.add(what);
                app = server(data).start();
                checkAfterRestart(app, backups, mayBeDeleted, what);
            }

            // The oldest and the newest come back to their own rows.
            List<String> ids = new ArrayList<>(known.keySet());
            for (String id : new TreeSet<>(List.of(ids.get(0), ids.get(ids.size() - 1)))) {
                AppProcess.Response r = app.post("/api/v1/backup/restore/" + id, T, RESTORE);
                assertThat(r.status()).as(r.text()).isEqualTo(200);
                assertThat(app.get("/api/v1/stats", T).json().path("total_playbacks").asLong()).as("rows after restoring %s", id)
                        .isEqualTo(known.get(id));
            }
            Set<String> referenced = referenced(backups);
            Set<String> stored = DedupIT.storedChunks(backups.resolve("chunks"));
            System.out.printf("DedupCrashIT: %d kills survived, %d backups left, %d chunks referenced, %d stored%n",
                    iterations, known.size(), referenced.size(), stored.size());
            app.stop();
            assertThat(Consistency.check(data).problems()).as("after a clean stop").isEmpty();
        } finally {
            app.kill();
        }
    }

    private void checkAfterRestart(AppProcess app, Path backups, String mayBeDeleted, String what) throws Exception {
        Consistency.Report report = Consistency.check(backups.getParent());
        assertThat(report.problems()).as(what).isEmpty();
        Map<String, JsonNode> completed = new TreeMap<>();
        for (JsonNode b : app.get("/api/v1/backup/list?status=completed&limit=1000", T).json().path("backups")) {
            completed.put(b.path("id").asText(), b);
        }
        for (String id : new ArrayList<>(known.keySet())) {
            if (!completed.containsKey(id)) {
                assertThat(id).as("%s: backup %s, completed before, is gone", what, id).isEqualTo(mayBeDeleted);
                known.remove(id);
            }
        }
        // A backup the kill did not reach in time completed: it is held to the same promises.
        // (Only deduplicated ones: a backup written another way, such as a configuration-only one, has no chunks.)
        completed.forEach((id, b) -> {
            if ("dedup".equals(b.path("storage").path("method").asText())) {
                known.putIfAbsent(id, b.path("tables").path("playback_events").asLong());
            }
        });
        Set<String> missing = new TreeSet<>(referenced(backups));
        missing.removeAll(DedupIT.storedChunks(backups.resolve("chunks")));
        assertThat(missing).as("%s: chunks a remaining backup names", what).isEmpty();
        for (String id : known.keySet()) {
            JsonNode v = app.post("/api/v1/backup/validate/" + id, T, null).json();
            assertThat(v.path("valid").asBoolean()).as("%s: validate %s: %s", what, id, v).isTrue();
        }
    }

    private Set<String> referenced(Path backups) throws Exception {
        Set<String> out = new TreeSet<>();
        for (String id : known.keySet()) {
            out.addAll(DedupIT.chunkFiles(backups.resolve("backup-" + id + ".tar.zst")));
        }
        return out;
    }

    private String created(AppProcess app) throws Exception {
        AppProcess.Response r = app.post("/api/v1/backup/create", T, Map.of("type", "full"));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().path("storage").path("method").asText()).as(r.text()).isEqualTo("dedup");
        String id = r.json().path("id").asText();
        known.put(id, r.json().path("tables").path("playback_events").asLong());
        return id;
    }

    private void sync(AppProcess app, int n) throws Exception {
        AppProcess.Response r = app.post("/api/v1/sync", T, Events.batch(n, nextEvent));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        nextEvent += n;
    }

    private static AppProcess server(Path data) {
        return new AppProcess(data).withAdminToken().set("BACKUP_DEDUP", "true").set("BACKUP_VERIFY", "false")
                .set("BACKUP_COMPRESSION_ALGORITHM", "zstd")
                .set("BACKUP_RETENTION_KEEP_RECENT_HOURS", "24").set("BACKUP_RETENTION_MAX_COUNT", "100");
    }
}
