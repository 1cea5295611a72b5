package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's Disaster Recovery Playbook, automated with the real jar and, where the guide uses them,
 * the real curl, jq and tar. Every scenario ends with health/ready 200 and /api/v1/stats showing the
 * counts the scenario expects.
 */
class PlaybookIT {
    private static final String T = AppProcess.ADMIN;

    @TempDir
    Path tmp;

    /** What the guide's commands need: $URL, $TOKEN and where the backups are. */
    private static Map<String, String> shell(AppProcess app, Path backups) {
        Map<String, String> env = new HashMap<>();
        env.put("URL", app.baseUrl().replaceAll("/$", ""));
        env.put("TOKEN", T);
        env.put("BACKUPS", backups.toString());
        return env;
    }

    private static long playbacks(AppProcess app) throws Exception {
        AppProcess.Response r = app.get("/api/v1/stats", T);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().path("total_playbacks").asLong();
    }

    private static void assertRecovered(AppProcess app, long playbacks) throws Exception {
        AppProcess.Response ready = app.get("/api/v1/health/ready", null);
        assertThat(ready.status()).as(ready.text()).isEqualTo(200);
        assertThat(playbacks(app)).isEqualTo(playbacks);
    }

    private static void sync(AppProcess app, int n, int start) throws Exception {
        AppProcess.Response r = app.post("/api/v1/sync", T, Events.batch(n, start));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    /** The guide's "Creating a Manual Backup" with curl; returns the new id. */
    private static String curlBackup(AppProcess app, Path backups, String type) throws Exception {
        String out = Sh.ok(backups.getParent(), shell(app, backups), "curl -sf -X POST $URL/api/v1/backup/create "
                + "-H 'Content-Type: application/json' -H \"Authorization: Bearer $TOKEN\" -d '{\"type\": \"" + type + "\"}'");
        JsonNode b = AppProcess.JSON.readTree(out);
        assertThat(b.path("status").asText()).as(out).isEqualTo("completed");
        return b.path("id").asText();
    }

    @Test
    void scenario_1_database_corruption_restored_in_maintenance_mode() throws Exception {
        Path data = tmp.resolve("data");
        Path backups = data.resolve("backups");
        String id;
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            sync(app, 200, 0);
            id = curlBackup(app, backups, "full");
        }
        // Corruption: random bytes over the database headers and in the middle of the file.
        Path db = data.resolve("cartographus.duckdb");
        Random random = new Random(1);
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            byte[] junk = new byte[8192];
            random.nextBytes(junk);
            f.seek(4096);
            f.write(junk);
            random.nextBytes(junk);
            f.seek(f.length() / 2);
            f.write(junk);
        }
        try (AppProcess app = new AppProcess(data).withAdminToken().set("MAINTENANCE_MODE", "true").start()) {
            AppProcess.Response ready = app.get("/api/v1/health/ready", null);
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().path("status").asText()).isEqualTo("unavailable");
            assertThat(ready.json().path("maintenance_mode").asBoolean()).isTrue();
            assertThat(ready.json().path("database").asText()).contains("cannot open");

            Map<String, String> env = shell(app, backups);
            Sh.ok(data, env, "ls -la $BACKUPS/");
            String latest = Sh.ok(data, env, "cat $BACKUPS/metadata.json | jq '.backups | sort_by(.created_at) | reverse | .[0:5]'");
            assertThat(latest).contains(id);
            String chosen = Sh.ok(data, env, "cat $BACKUPS/metadata.json | jq -r '.backups | sort_by(.created_at) | reverse | .[0].id'");
            assertThat(chosen).isEqualTo(id);
            assertThat(Sh.ok(data, env, "tar -tzf $BACKUPS/backup-" + chosen + ".tar.gz"))
                    .contains("database/cartographus.duckdb", "config/config.json", "manifest.json");

            // As the guide's curl: a JSON body, and no Content-Type header.
            byte[] body = "{\"create_pre_restore_backup\": false, \"verify_after_restore\": true}".getBytes(StandardCharsets.UTF_8);
            AppProcess.Response restored = app.call("POST", "/api/v1/backup/restore/" + chosen, T, body, null);
            assertThat(restored.status()).as(restored.text()).isEqualTo(200);
            JsonNode r = restored.json();
            assertThat(r.path("success").asBoolean()).isTrue();
            assertThat(r.path("database_restored").asBoolean()).isTrue();
            assertThat(r.path("records_restored").asLong()).isEqualTo(200);
            assertThat(r.path("pre_restore_backup_id").isNull()).isTrue();
            assertThat(data.resolve("cartographus.duckdb.replaced-" + chosen)).as("the corrupt file is kept for a post-mortem").exists();

            // Still in maintenance: ready says so, sync waits, backups work.
            ready = app.get("/api/v1/health/ready", null);
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().path("status").asText()).isEqualTo("maintenance");
            AppProcess.Response sync = app.post("/api/v1/sync", T, Events.batch(5, 1000));
            assertThat(sync.status()).isEqualTo(503);
            assertThat(sync.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(app.post("/api/v1/backup/create", T, Map.of("type", "database")).status()).isEqualTo(200);
        }
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            assertRecovered(app, 200);
            assertThat(app.get("/api/v1/health/ready", null).json().path("status").asText()).isEqualTo("ready");
            sync(app, 10, 200);
            assertThat(playbacks(app)).isEqualTo(210);
        }
    }

    @Test
    void scenario_2_complete_system_loss_recovered_from_a_copy_of_the_backup_directory() throws Exception {
        Path old = tmp.resolve("old-server");
        String newest;
        try (AppProcess app = new AppProcess(old).withAdminToken().start()) {
            sync(app, 150, 0);
            curlBackup(app, old.resolve("backups"), "full");
            sync(app, 30, 150);
            newest = curlBackup(app, old.resolve("backups"), "database");
        }
        // Only the backup directory survives (an off-site copy); its index and one sidecar did not make it.
        Path copy = tmp.resolve("offsite-copy");
        Files.createDirectories(copy);
        Sh.ok(tmp, Map.of("OLD", old.toString(), "COPY", copy.toString()),
                "cp -a $OLD/backups/. $COPY/ && rm $COPY/metadata.json $COPY/backup-" + newest + ".json && rm -rf $OLD");
        assertThat(old).doesNotExist();

        Path fresh = tmp.resolve("new-server");
        try (AppProcess app = new AppProcess(fresh).withAdminToken().set("BACKUP_DIR", copy.toString()).set("BACKUP_VERIFY", "true").start()) {
            assertThat(app.logText()).contains("had no record").contains("registered as backup " + newest);
            JsonNode list = app.get("/api/v1/backup/list", T).json();
            assertThat(list.path("total").asInt()).isEqualTo(2);

            String out = Sh.ok(tmp, shell(app, copy), "curl -sf -X POST $URL/api/v1/backup/restore/latest -H \"Authorization: Bearer $TOKEN\"");
            JsonNode r = AppProcess.JSON.readTree(out);
            assertThat(r.path("success").asBoolean()).as(out).isTrue();
            assertThat(r.path("backup_id").asText()).isEqualTo(newest);
            assertThat(r.path("records_restored").asLong()).isEqualTo(180);
            assertRecovered(app, 180);
            // The discovered backup gets its test restore in the background.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(app.get("/api/v1/backup/" + newest, T).json()
                    .path("verification").path("status").asText()).isEqualTo("passed"));
            assertThat(app.get("/api/v1/backup/list", T).json().path("total").asInt()).as("no safety copy of an empty database").isEqualTo(2);
        }
    }

    @Test
    void scenario_3_accidental_deletion_undone_from_the_backup_before_it() throws Exception {
        Path data = tmp.resolve("data");
        Path backups = data.resolve("backups");
        String before;
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            sync(app, 300, 0);
            before = curlBackup(app, backups, "full");
        }
        Thread.sleep(1100);
        Instant deletion = Instant.now();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("cartographus.duckdb"));
             Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("DELETE FROM playback_events WHERE id >= 'evt-00000200'")).isEqualTo(100);
        }
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            assertThat(playbacks(app)).isEqualTo(200);
            Map<String, String> env = shell(app, backups);
            String lines = Sh.ok(data, env, "curl -sf \"$URL/api/v1/backup/list?sort_desc=true\" -H \"Authorization: Bearer $TOKEN\" "
                    + "| jq -c '.backups[] | {id, created_at, record_count}'");
            String chosen = null;
            for (String line : lines.split("\n")) {
                JsonNode b = AppProcess.JSON.readTree(line);
                if (Instant.parse(b.path("created_at").asText()).isBefore(deletion)) {
                    chosen = b.path("id").asText();
                    assertThat(b.path("record_count").asLong()).isEqualTo(300);
                    break;
                }
            }
            assertThat(chosen).isEqualTo(before);

            String out = Sh.ok(data, env, "curl -sf -X POST $URL/api/v1/backup/restore/" + chosen
                    + " -H \"Authorization: Bearer $TOKEN\" -d '{\"create_pre_restore_backup\": true}'");
            JsonNode r = AppProcess.JSON.readTree(out);
            assertThat(r.path("success").asBoolean()).as(out).isTrue();
            String safety = r.path("pre_restore_backup_id").asText();
            assertThat(safety).matches("\\d{8}-\\d{6}-pre-restore(-\\d+)?");
            JsonNode pre = app.get("/api/v1/backup/" + safety, T).json();
            assertThat(pre.path("trigger").asText()).isEqualTo("pre_restore");
            assertThat(pre.path("record_count").asLong()).as("the safety backup holds the state after the deletion").isEqualTo(200);

            String resync = Sh.ok(data, env, "curl -sf -X POST $URL/api/v1/sync -H \"Authorization: Bearer $TOKEN\" -w ' %{http_code}'");
            assertThat(resync).endsWith(" 200");
            assertRecovered(app, 300);
        }
    }

    @Test
    void maintenance_mode_pauses_sync_but_backup_and_restore_work() throws Exception {
        try (AppProcess app = new AppProcess(tmp.resolve("data")).withAdminToken().set("MAINTENANCE_MODE", "true").start()) {
            AppProcess.Response ready = app.get("/api/v1/health/ready", null);
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().path("status").asText()).isEqualTo("maintenance");
            AppProcess.Response sync = app.post("/api/v1/sync", T, Events.batch(3, 0));
            assertThat(sync.status()).isEqualTo(503);
            assertThat(sync.raw().headers().firstValue("Retry-After")).contains("5");
            assertThat(app.post("/api/v1/sync", T, null).status()).isEqualTo(503);
            AppProcess.Response b = app.post("/api/v1/backup/create", T, Map.of("type", "full"));
            assertThat(b.status()).as(b.text()).isEqualTo(200);
            AppProcess.Response r = app.post("/api/v1/backup/restore/" + b.json().path("id").asText(), T, Map.of());
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(app.get("/api/v1/backup/status", T).json().path("maintenance_mode").asBoolean()).isTrue();
            assertThat(app.get("/api/v1/health/ready", null).json().path("status").asText()).isEqualTo("maintenance");
            assertRecovered(app, 0);
        }
    }

    @Test
    void a_damaged_backup_is_refused_and_a_failed_verification_rolls_back() throws Exception {
        Path data = tmp.resolve("data");
        Path backups = data.resolve("backups");
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            sync(app, 100, 0);
            String id = curlBackup(app, backups, "full");
            sync(app, 20, 100);
            Path archive = backups.resolve("backup-" + id + ".tar.gz");
            byte[] pristine = Files.readAllBytes(archive);

            byte[] flipped = pristine.clone();
            flipped[flipped.length / 2] ^= 0x01;
            Files.write(archive, flipped);
            AppProcess.Response refused = app.post("/api/v1/backup/restore/" + id, T, Map.of("create_pre_restore_backup", false));
            assertThat(refused.status()).as(refused.text()).isEqualTo(422);
            assertThat(refused.json().path("error").path("code").asText()).isEqualTo("VALIDATION_FAILED");
            assertThat(refused.json().path("validation").path("valid").asBoolean()).isFalse();
            assertThat(refused.json().path("validation").path("checksum_valid").asBoolean()).isFalse();
            assertThat(playbacks(app)).isEqualTo(120);

            // An operator's hand edit: the manifest now promises one more row than the database holds.
            Files.write(archive, pristine);
            Sh.ok(tmp, Map.of("A", archive.toString()), "mkdir x && tar -xzf $A -C x && jq '.tables.playback_events.rows += 1' "
                    + "x/manifest.json > m && mv m x/manifest.json && tar -czf $A -C x database config manifest.json");
            assertThat(app.post("/api/v1/backup/validate/" + id, T, null).json().path("valid").asBoolean()).isFalse();
            AppProcess.Response rolled = app.post("/api/v1/backup/restore/" + id, T,
                    Map.of("force_restore", true, "create_pre_restore_backup", false, "verify_after_restore", true));
            assertThat(rolled.status()).as(rolled.text()).isEqualTo(500);
            JsonNode body = rolled.json();
            assertThat(body.path("error").path("code").asText()).isEqualTo("RESTORE_ROLLED_BACK");
            assertThat(body.path("success").asBoolean()).isFalse();
            assertThat(body.path("database_restored").asBoolean()).isFalse();
            List<String> errors = AppProcess.JSON.convertValue(body.path("errors"), List.class);
            assertThat(String.join(" ", errors)).contains("failed verification").contains("rolled back");
            assertRecovered(app, 120);
            assertThat(data.resolve("restore.journal")).doesNotExist();
        }
    }
}
