package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The foundation as a new user meets it: first start, admin token, sync, stats, roles, bad config. */
class FoundationIT {
    @TempDir
    Path tmp;

    @Test
    void first_start_writes_an_admin_token_that_syncs_and_reads_stats() throws Exception {
        Path data = tmp.resolve("data");
        try (AppProcess app = new AppProcess(data).start()) {
            Path tokenFile = data.resolve("admin.token");
            assertThat(tokenFile).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
            assertThat(app.logText()).contains(tokenFile.toString());
            String admin = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            assertThat(app.logText()).doesNotContain(admin);

            assertThat(app.get("/api/v1/health/live", null).status()).isEqualTo(200);
            assertThat(app.get("/api/v1/health/ready", null).status()).isEqualTo(200);
            assertThat(app.get("/api/v1/stats", null).status()).isEqualTo(401);
            assertThat(app.get("/api/v1/stats", "cgr_wrong").status()).isEqualTo(401);

            AppProcess.Response sync = app.post("/api/v1/sync", admin, Events.batch(40, 0));
            assertThat(sync.status()).as(sync.text()).isEqualTo(200);
            assertThat(sync.json().path("inserted").asInt()).isEqualTo(40);
            AppProcess.Response again = app.post("/api/v1/sync", admin, Events.batch(50, 0));
            assertThat(again.json().path("inserted").asInt()).isEqualTo(10);
            assertThat(again.json().path("duplicates").asInt()).isEqualTo(40);

            JsonNode stats = app.get("/api/v1/stats", admin).json();
            assertThat(stats.path("total_playbacks").asLong()).isEqualTo(50);
            assertThat(stats.path("unique_users").asLong()).isEqualTo(7);
            assertThat(stats.path("top_countries").size()).isEqualTo(2);
            assertThat(stats.path("last_sync_time").isTextual()).isTrue();

            Map<String, String> env = new HashMap<>(app.env);
            AppProcess.CliResult viewer = AppProcess.cli(env, "token", "create", "--role", "viewer", "--name", "grafana");
            assertThat(viewer.exit()).as(viewer.err()).isZero();
            String viewerToken = viewer.out().strip();
            assertThat(app.get("/api/v1/stats", viewerToken).status()).isEqualTo(200);
            AppProcess.Response forbidden = app.post("/api/v1/sync", viewerToken, Events.batch(1, 1000));
            assertThat(forbidden.status()).isEqualTo(403);
            assertThat(forbidden.json().path("error").path("code").asText()).isEqualTo("FORBIDDEN");

            List<String> audit = Files.readAllLines(data.resolve("audit.log"));
            assertThat(audit).anyMatch(l -> l.contains("auth.rejected")).anyMatch(l -> l.contains("auth.forbidden"))
                    .anyMatch(l -> l.contains("\"sync\""));
            assertThat(String.join("\n", audit)).doesNotContain(admin).doesNotContain(viewerToken);
        }
    }

    @Test
    void a_bad_sync_batch_is_refused_with_the_field_named_and_nothing_written() throws Exception {
        try (AppProcess app = new AppProcess(tmp.resolve("data")).withAdminToken().start()) {
            List<Map<String, Object>> batch = Events.batch(3, 0);
            batch.get(2).put("started_at", "yesterday");
            AppProcess.Response r = app.post("/api/v1/sync", AppProcess.ADMIN, batch);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().path("error").path("message").asText()).contains("event 3").contains("started_at");
            batch = Events.batch(2, 0);
            batch.get(1).put("surprise", 1);
            assertThat(app.post("/api/v1/sync", AppProcess.ADMIN, batch).json().path("error").path("message").asText())
                    .contains("unknown field 'surprise'");
            batch = Events.batch(2, 0);
            batch.get(0).put("user_id", "seven");
            assertThat(app.post("/api/v1/sync", AppProcess.ADMIN, batch).json().path("error").path("message").asText())
                    .contains("user_id").contains("integer");
            assertThat(app.call("POST", "/api/v1/sync", AppProcess.ADMIN, "<xml/>".getBytes(), "text/xml").status()).isEqualTo(400);
            assertThat(app.get("/api/v1/stats", AppProcess.ADMIN).json().path("total_playbacks").asLong()).isZero();
            byte[] ndjson = "{\"id\":\"a\",\"user_id\":1,\"started_at\":\"2026-01-01T00:00:00Z\",\"stopped_at\":\"2026-01-01T01:00:00Z\"}\n"
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(app.call("POST", "/api/v1/sync", AppProcess.ADMIN, ndjson, "application/x-ndjson").status()).isEqualTo(200);
            // Over a raw socket: the JDK client waiting for "100 Continue" was seen to hang here.
            byte[] huge = new byte[33 << 20];
            byte[] request = RawHttp.request("POST", "/api/v1/sync", java.util.Map.of("Authorization", "Bearer " + AppProcess.ADMIN,
                    "Content-Type", "application/json"), huge);
            assertThat(new RawHttp(app.url("/").getPort()).send(request, 60_000, true).status()).isEqualTo(413);
        }
    }

    @Test
    void invalid_configuration_stops_start_up_with_one_line_per_variable() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DATA_DIR", tmp.resolve("data").toString());
        env.put("BACKUP_PREFERRED_HOUR", "25");
        env.put("BACKUP_COMPRESSION_ALGORITHM", "brotli");
        env.put("BACKUP_INTERVAL", "10m");
        AppProcess.CliResult r = AppProcess.cli(env, "serve");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("BACKUP_PREFERRED_HOUR=25").contains("BACKUP_COMPRESSION_ALGORITHM=brotli")
                .contains("BACKUP_INTERVAL=10m").doesNotContain("Exception").doesNotContain("\tat ");
    }
}
