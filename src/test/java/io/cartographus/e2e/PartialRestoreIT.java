package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's scenario 3 with the real jar: an accidental deletion found in the log file, the
 * backup before it found with {@code before}, the diff, a merge restore that keeps what was synced
 * since, a replace restore of one table, and every bad input refused without a change.
 */
class PartialRestoreIT {
    private static final String T = AppProcess.ADMIN;
    private static final long DELETED_USER = 50;

    @TempDir
    Path tmp;

    /** {@code n} events from {@code start}, spread over the users {@code firstUser}..{@code firstUser+users-1}. */
    private static List<Map<String, Object>> events(int n, int start, int firstUser, int users) {
        List<Map<String, Object>> batch = Events.batch(n, start);
        for (int i = 0; i < batch.size(); i++) {
            long user = firstUser + (start + i) % users;
            batch.get(i).put("user_id", user);
            batch.get(i).put("username", "user" + user);
        }
        return batch;
    }

    private static JsonNode ok(AppProcess.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    private static void refused(AppProcess.Response r, int status, String says) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.json().path("error").path("message").asText()).as(r.text()).contains(says);
    }

    private static JsonNode diff(AppProcess app, String id) throws Exception {
        return ok(app.get("/api/v1/backup/" + id + "/diff", T)).path("tables");
    }

    private static void assertTable(JsonNode t, long backupRows, long liveRows, long onlyBackup, long onlyLive, long changed) {
        assertThat(List.of(t.path("backup_rows").asLong(), t.path("live_rows").asLong(), t.path("only_in_backup").asLong(),
                t.path("only_in_live").asLong(), t.path("changed").asLong())).as(t.toString())
                .containsExactly(backupRows, liveRows, onlyBackup, onlyLive, changed);
    }

    @Test
    void a_deleted_user_comes_back_by_merge_and_the_newer_events_stay() throws Exception {
        Path data = tmp.resolve("data");
        Path logs = tmp.resolve("logs");
        try (AppProcess app = new AppProcess(data).withAdminToken().set("LOG_DIR", logs.toString()).start()) {
            ok(app.post("/api/v1/sync", T, events(1000, 0, 1, 50)));
            JsonNode full = ok(app.post("/api/v1/backup/create", T, Map.of("type", "full")));
            String id = full.path("id").asText();
            String configOnly = ok(app.post("/api/v1/backup/create", T, Map.of("type", "config"))).path("id").asText();
            // 200 newer events for ten new users, then the accident.
            ok(app.post("/api/v1/sync", T, events(200, 1000, 51, 10)));
            Instant beforeDeletion = Instant.now();
            JsonNode deleted = ok(app.call("DELETE", "/api/v1/users/" + DELETED_USER, T, null, null));
            assertThat(deleted.path("deleted").path("playback_events").asLong()).isEqualTo(20);
            assertThat(deleted.path("deleted").path("users").asLong()).isEqualTo(1);
            assertThat(ok(app.get("/api/v1/stats", T)).path("total_playbacks").asLong()).isEqualTo(1180);

            // 1. The deletion is in the log file, with what was deleted and by whom.
            String logged = Files.readString(logs.resolve("cartographus.log"), StandardCharsets.UTF_8);
            assertThat(logged.lines().filter(l -> l.toLowerCase().contains("delete") && l.contains("user " + DELETED_USER)))
                    .singleElement().asString().contains("INFO", "playback_events=20", "users=1", "token '");

            // 2. The backup before it: the full one (the configuration-only one is not a candidate for tables).
            JsonNode list = ok(app.get("/api/v1/backup/list?type=full&before=" + beforeDeletion, T));
            assertThat(list.path("backups").get(0).path("id").asText()).isEqualTo(id);
            assertThat(ok(app.get("/api/v1/backup/list?after=" + beforeDeletion, T)).path("total").asInt()).isZero();

            // 3. The diff: exactly that user and their events only in the backup, the 200 newer events only live.
            JsonNode d = diff(app, id);
            assertTable(d.path("playback_events"), 1000, 1180, 20, 200, 0);
            assertTable(d.path("users"), 50, 59, 1, 10, 0);
            JsonNode sample = ok(app.get("/api/v1/backup/" + id + "/diff?table=users&limit=5", T));
            assertThat(sample.path("tables").path("users").path("sample_only_in_backup").toString()).isEqualTo("[\"50\"]");

            // Every bad input: a clear error, nothing changed.
            badInputs(app, id, configOnly);
            assertTable(diff(app, id).path("playback_events"), 1000, 1180, 20, 200, 0);

            // 4. Merge restore: the deleted rows come back, the newer ones stay, the service never paused.
            JsonNode merged = ok(app.post("/api/v1/backup/restore/" + id, T,
                    Map.of("tables", List.of("playback_events", "users"), "mode", "merge")));
            assertThat(merged.path("success").asBoolean()).isTrue();
            assertThat(merged.path("tables_restored").toString()).isEqualTo("{\"users\":1,\"playback_events\":20}");
            assertThat(merged.path("records_restored").asLong()).isEqualTo(21);
            assertThat(merged.path("restart_required").asBoolean()).isFalse();
            assertThat(merged.path("pre_restore_backup_id").asText()).isNotBlank();
            JsonNode stats = ok(app.get("/api/v1/stats", T));
            assertThat(stats.path("total_playbacks").asLong()).isEqualTo(1200);
            assertThat(stats.path("total_users").asLong()).isEqualTo(60);
            d = diff(app, id);
            assertTable(d.path("playback_events"), 1000, 1200, 0, 200, 0);
            assertTable(d.path("users"), 50, 60, 0, 10, 0);

            // 5. Replace restore of one table: users becomes the backup's, the events stay.
            JsonNode replaced = ok(app.post("/api/v1/backup/restore/latest", T,
                    Map.of("tables", List.of("users"), "create_pre_restore_backup", false)));
            assertThat(replaced.path("mode").asText()).isEqualTo("replace");
            // "latest" is the pre-restore backup of step 4, which holds the merged state (60 users).
            assertThat(replaced.path("backup_id").asText()).isEqualTo(merged.path("pre_restore_backup_id").asText()).isNotEqualTo(id);
            JsonNode byId = ok(app.post("/api/v1/backup/restore/" + id, T, Map.of("tables", List.of("users"), "mode", "replace")));
            assertThat(byId.path("tables_restored").path("users").asLong()).isEqualTo(50);
            d = diff(app, id);
            assertTable(d.path("users"), 50, 50, 0, 0, 0);
            assertTable(d.path("playback_events"), 1000, 1200, 0, 200, 0);
            assertThat(ok(app.get("/api/v1/health/ready", null)).path("status").asText()).isEqualTo("ready");

            // The CLI: list --before, diff, restore --table --merge (nothing left to merge).
            Map<String, String> env = Map.of("DATA_DIR", data.toString(), "CARTOGRAPHUS_TOKEN", T);
            AppProcess.CliResult listed = AppProcess.cli(env, "backup", "list", "--type", "full", "--before", beforeDeletion.toString());
            assertThat(listed.exit()).as(listed.err()).isZero();
            assertThat(listed.out()).contains(id);
            AppProcess.CliResult diffed = AppProcess.cli(env, "backup", "diff", id);
            assertThat(diffed.exit()).as(diffed.err()).isZero();
            assertThat(diffed.out()).contains("playback_events", "only_in_backup");
            AppProcess.CliResult cliMerge = AppProcess.cli(env, "backup", "restore", id, "--table", "playback_events", "--table", "users",
                    "--merge", "--no-pre-restore-backup", "--json");
            assertThat(cliMerge.exit()).as(cliMerge.err() + cliMerge.out()).isZero();
            assertThat(AppProcess.JSON.readTree(cliMerge.out()).path("records_restored").asLong()).isZero();
            AppProcess.CliResult cliBad = AppProcess.cli(env, "backup", "restore", id, "--table", "sync_log");
            assertThat(cliBad.exit()).isNotZero();
            assertThat(cliBad.err()).contains("unknown table 'sync_log'");
            assertThat(ok(app.get("/api/v1/stats", T)).path("total_playbacks").asLong()).isEqualTo(1200);
        }
    }

    private static void badInputs(AppProcess app, String id, String configOnly) throws Exception {
        refused(app.call("DELETE", "/api/v1/playbacks", T, null, null), 400, "at least one filter");
        refused(app.call("DELETE", "/api/v1/playbacks?before=yesterday", T, null, null), 400, "RFC 3339");
        refused(app.call("DELETE", "/api/v1/playbacks?colour=red", T, null, null), 400, "unknown filter 'colour'");
        refused(app.call("DELETE", "/api/v1/playbacks?user_id=abc", T, null, null), 400, "user_id must be");
        refused(app.call("DELETE", "/api/v1/playbacks?media_type=a%20b", T, null, null), 400, "media_type must be");
        refused(app.call("DELETE", "/api/v1/playbacks?after=2026-03-02T00:00:00Z&before=2026-03-01T00:00:00Z", T, null, null), 400,
                "must be earlier");
        refused(app.call("DELETE", "/api/v1/users/12345", T, null, null), 404, "user 12345 not found");
        refused(app.call("DELETE", "/api/v1/users/-3", T, null, null), 400, "user_id must be");
        refused(app.call("DELETE", "/api/v1/users/1", null, null, null), 401, "missing credentials");
        refused(app.get("/api/v1/backup/list?before=last-week", T), 400, "RFC 3339");
        refused(app.get("/api/v1/backup/" + configOnly + "/diff", T), 422, "configuration-only");
        refused(app.get("/api/v1/backup/" + id + "/diff?table=nope", T), 400, "unknown table 'nope'");
        refused(app.get("/api/v1/backup/" + id + "/diff?limit=5", T), 400, "give table too");
        refused(app.get("/api/v1/backup/" + id + "/diff?table=users&limit=0", T), 400, "limit must be");
        String restore = "/api/v1/backup/restore/" + id;
        refused(app.post(restore, T, Map.of("mode", "merge")), 400, "give tables too");
        refused(app.post(restore, T, Map.of("tables", List.of("playback_events", "nope"))), 400, "unknown table 'nope'");
        refused(app.post(restore, T, Map.of("tables", List.of("sync_log"))), 400, "unknown table 'sync_log'");
        refused(app.post(restore, T, Map.of("tables", List.of())), 400, "tables is empty");
        refused(app.post(restore, T, Map.of("tables", "users")), 400, "must be an array");
        refused(app.post(restore, T, Map.of("tables", List.of("users"), "mode", "upsert")), 400, "unknown mode 'upsert'");
        refused(app.post(restore, T, Map.of("tables", List.of("users", "users"))), 400, "named twice");
        refused(app.post(restore, T, Map.of("tables", List.of("users"), "validate_only", true)), 400, "does not apply");
        refused(app.post("/api/v1/backup/restore/" + configOnly, T, Map.of("tables", List.of("users"))), 422, "configuration-only");
        assertThat(ok(app.get("/api/v1/stats", T)).path("total_playbacks").asLong()).isEqualTo(1180);
        assertThat(ok(app.get("/api/v1/backup/list", T)).path("total").asInt()).as("no pre-restore backup was taken").isEqualTo(2);
    }

    @Test
    void a_log_dir_that_cannot_be_created_stops_start_up_with_one_line() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        ProcessBuilder pb = new ProcessBuilder(AppProcess.javaJar("serve"));
        pb.environment().put("DATA_DIR", tmp.resolve("data").toString());
        pb.environment().put("HTTP_HOST", "127.0.0.1");
        pb.environment().put("HTTP_PORT", "0");
        pb.environment().put("LOG_DIR", file.resolve("logs").toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isEqualTo(2);
        assertThat(err.lines().filter(l -> !l.isBlank())).as(err).singleElement().asString()
                .startsWith("configuration error: LOG_DIR=" + file.resolve("logs"));
    }
}
