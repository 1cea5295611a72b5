package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.restore.CrashPoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/design.md §6.9 with the real process: the server is stopped dead (CARTOGRAPHUS_TEST_CRASH_AT, which
 * halts like kill -9) at each step of a database restore; after a restart the database is whole,
 * either the old one or the new one, and ready. To save starts, the start that recovers one step's
 * crash is the one that carries the next step's crash point.
 */
class RestoreCrashIT {
    private static final List<String> STEPS = List.of("journal-written", "live-renamed-aside", "new-renamed-in", "verified", "done");

    @TempDir
    Path tmp;

    @Test
    void a_crash_at_each_step_leaves_the_old_or_the_new_database_never_a_mix() throws Exception {
        Path data = tmp.resolve("data");
        String t = AppProcess.ADMIN;
        String backupId;
        long expected;
        int nextEvent;
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            assertThat(app.post("/api/v1/sync", t, Events.batch(100, 0)).status()).isEqualTo(200);
            AppProcess.Response b = app.post("/api/v1/backup/create", t, Map.of("type", "database"));
            assertThat(b.status()).as(b.text()).isEqualTo(200);
            backupId = b.json().path("id").asText();
            assertThat(app.post("/api/v1/sync", t, Events.batch(40, 100)).status()).isEqualTo(200);
            expected = 140;
            nextEvent = 140;
        }
        for (int i = 0; i <= STEPS.size(); i++) {
            AppProcess app = new AppProcess(data).withAdminToken();
            if (i < STEPS.size()) {
                app.crashAt(STEPS.get(i));
            } else {
                // Left in an environment without the harness switch, the variable must do nothing.
                app.set("CARTOGRAPHUS_TEST_CRASH_AT", CrashPoints.NEW_RENAMED_IN);
            }
            app.start();
            String after = i == 0 ? "no crash yet" : "a crash after " + STEPS.get(i - 1);
            assertThat(events(app)).as(after).isEqualTo(expected);
            AppProcess.Response ready = app.get("/api/v1/health/ready", null);
            assertThat(ready.status()).as(after + ": " + ready.text()).isEqualTo(200);
            assertThat(ready.json().path("test_hooks").path("crash_at").asText(null)).as("health/ready says a hook is on")
                    .isEqualTo(i < STEPS.size() ? STEPS.get(i) : null);
            assertThat(leftovers(data)).as(after).isEmpty();
            if (i > 0) {
                assertThat(app.logText()).contains("restore journal:");
            }
            if (i == STEPS.size()) {
                assertThat(data.resolve("cartographus.duckdb.replaced-" + backupId)).as("kept: no pre-restore backup was taken").exists();
                AppProcess.Response restored = app.post("/api/v1/backup/restore/" + backupId, t, Map.of("create_pre_restore_backup", false));
                assertThat(restored.status()).as(restored.text()).isEqualTo(200);
                assertThat(events(app)).isEqualTo(100);
                // The log holds every run: one halt per step before this one, none in this run.
                String log = app.logText();
                assertThat(log).contains("CARTOGRAPHUS_TEST_CRASH_AT=new-renamed-in is ignored");
                assertThat(log.split("halting at restore step", -1).length - 1).isEqualTo(STEPS.size());
                app.stop();
                break;
            }
            if (expected == 100) {
                // The last crash left the backup's content: make the live database differ from it again.
                assertThat(app.post("/api/v1/sync", t, Events.batch(25, nextEvent)).status()).isEqualTo(200);
                nextEvent += 25;
                expected = events(app);
            }
            long old = expected;
            try {
                app.post("/api/v1/backup/restore/" + backupId, t, Map.of("create_pre_restore_backup", false));
            } catch (IOException e) {
                // The server halts mid-request: no response.
            }
            assertThat(app.waitForExit(120)).as("halted at " + STEPS.get(i)).isEqualTo(137);
            assertThat(app.logText()).contains("halting at restore step " + STEPS.get(i));
            expected = STEPS.get(i).equals("done") ? 100 : old;
        }
    }

    private static long events(AppProcess app) throws Exception {
        AppProcess.Response r = app.get("/api/v1/stats", AppProcess.ADMIN);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode stats = r.json();
        return stats.path("total_playbacks").asLong();
    }

    /** What an interrupted swap could leave next to the database. */
    private static List<String> leftovers(Path data) throws IOException {
        try (Stream<Path> s = Files.list(data)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.equals("restore.journal") || n.endsWith(".before-restore") || n.endsWith(".incoming")
                            || n.startsWith(".tmp-"))
                    .toList();
        }
    }
}
