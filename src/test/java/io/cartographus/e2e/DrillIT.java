package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.offsite.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restore drills with the real jar (docs/design.md §19): from BACKUP_DIR, from a real S3 server
 * (S3Proxy on loopback), and of a damaged newest backup, which fails by name instead of stepping
 * back to an older one. Status, metrics and the kept history are read as an operator would.
 */
class DrillIT {
    private static final String T = AppProcess.ADMIN;

    @TempDir
    Path tmp;

    @Test
    void a_drill_from_local_storage_passes_and_is_reported_in_status_and_metrics_and_kept_across_a_restart() throws Exception {
        Path data = tmp.resolve("data");
        String id;
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            JsonNode before = app.get("/api/v1/backup/status", T).json();
            assertThat(before.path("last_drill").isNull()).as(before.toString()).isTrue();
            assertThat(before.path("next_drill").isTextual()).as("drills are on by default").isTrue();
            assertThat(app.get("/metrics", null).text()).doesNotContain("cartographus_restore_drill_last_success_timestamp ")
                    .contains("cartographus_restore_drill_total{status=\"passed\"} 0.0");
            // Nothing to drill yet: 404, and nothing recorded.
            assertThat(app.post("/api/v1/backup/drill", T, null).status()).isEqualTo(404);

            assertThat(app.post("/api/v1/sync", T, Events.batch(120, 0)).status()).isEqualTo(200);
            id = create(app, "full");
            AppProcess.Response drilled = app.post("/api/v1/backup/drill", T, null);
            assertThat(drilled.status()).as(drilled.text()).isEqualTo(200);
            JsonNode d = drilled.json();
            assertThat(d.path("passed").asBoolean()).as(d.toString()).isTrue();
            assertThat(d.path("backup_id").asText()).isEqualTo(id);
            assertThat(d.path("source").asText()).isEqualTo("local");
            assertThat(d.path("duration_ms").asLong()).isPositive();
            assertThat(d.path("message").asText()).contains(id).contains("120 playback records");

            JsonNode status = app.get("/api/v1/backup/status", T).json();
            assertThat(status.path("last_drill")).isEqualTo(d);
            assertThat(status.path("running").isNull()).isTrue();
            String metrics = app.get("/metrics", null).text();
            assertThat(metrics).contains("cartographus_restore_drill_total{status=\"passed\"} 1.0")
                    .contains("cartographus_restore_drill_total{status=\"failed\"} 0.0")
                    .contains("cartographus_restore_drill_last_success_timestamp ")
                    .contains("cartographus_restore_drill_duration_seconds ");
            assertThat(names(data.resolve("backups"))).as("the drill removed its scratch directory (a background verification may still be running)").noneMatch(n -> n.startsWith(".tmp-drill-"));

            // The CLI through the server.
            AppProcess.CliResult cli = AppProcess.cli(app.env, "backup", "drill", "--json");
            assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
            assertThat(cli.out()).contains("\"backup_id\" : \"" + id + "\"").contains("\"passed\" : true");
        }
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            JsonNode kept = app.get("/api/v1/backup/status", T).json().path("last_drill");
            assertThat(kept.path("backup_id").asText()).as(kept.toString()).isEqualTo(id);
            assertThat(kept.path("passed").asBoolean()).isTrue();
            assertThat(app.get("/metrics", null).text()).contains("cartographus_restore_drill_last_success_timestamp ");
        }
        // Offline, with the server stopped.
        AppProcess.CliResult offline = AppProcess.cli(Map.of("DATA_DIR", data.toString()), "backup", "drill");
        assertThat(offline.exit()).as(offline.out() + offline.err()).isZero();
        assertThat(offline.out()).contains("drill passed").contains(id);
    }

    @Test
    void a_drill_from_the_bucket_downloads_the_newest_copy_and_leaves_backup_dir_alone() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start().bucket("dr-backups")) {
            Path data = tmp.resolve("data");
            try (AppProcess app = new AppProcess(data).withAdminToken()) {
                app.env.put("BACKUP_OFFSITE_URL", "s3://dr-backups/cartographus");
                app.env.put("BACKUP_OFFSITE_ENDPOINT", s3.endpoint().toString());
                app.env.put("BACKUP_OFFSITE_PATH_STYLE", "true");
                app.env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
                app.env.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
                app.start();
                assertThat(app.post("/api/v1/sync", T, Events.batch(80, 0)).status()).isEqualTo(200);
                String id = create(app, "database");
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> app.get("/api/v1/backup/" + id, T).json().path("offsite").path("status").asText(), "uploaded"::equals);
                // In-progress writes (the catalog rewriting metadata.json after the upload) come and go; the
                // drill must leave the committed files alone.
                List<String> localBefore = committedNames(data.resolve("backups"));

                AppProcess.Response drilled = app.post("/api/v1/backup/drill", T, null);
                assertThat(drilled.status()).as(drilled.text()).isEqualTo(200);
                JsonNode d = drilled.json();
                assertThat(d.path("passed").asBoolean()).as(d.toString()).isTrue();
                assertThat(d.path("source").asText()).isEqualTo("offsite");
                assertThat(d.path("backup_id").asText()).isEqualTo(id);
                assertThat(app.get("/api/v1/backup/status", T).json().path("last_drill").path("source").asText()).isEqualTo("offsite");
                assertThat(committedNames(data.resolve("backups"))).isEqualTo(localBefore);
                assertThat(app.logText()).contains("drill: downloading s3://dr-backups/cartographus/backup-" + id);
            }
        }
    }

    @Test
    void a_damaged_newest_backup_fails_the_drill_by_name_without_falling_back_to_an_older_one() throws Exception {
        Path data = tmp.resolve("data");
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            assertThat(app.post("/api/v1/sync", T, Events.batch(60, 0)).status()).isEqualTo(200);
            String older = create(app, "full");
            String newest = create(app, "full");
            for (String id : List.of(older, newest)) {
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                        app.get("/api/v1/backup/" + id, T).json().path("verification").path("status").asText(), s -> !"pending".equals(s));
            }
            Path archive = data.resolve("backups").resolve(app.get("/api/v1/backup/" + newest, T).json().path("file_name").asText());
            byte[] bytes = Files.readAllBytes(archive);
            bytes[bytes.length / 2] ^= 0x20;
            Files.write(archive, bytes);

            AppProcess.Response drilled = app.post("/api/v1/backup/drill", T, null);
            assertThat(drilled.status()).as(drilled.text()).isEqualTo(200);
            JsonNode d = drilled.json();
            assertThat(d.path("passed").asBoolean()).as(d.toString()).isFalse();
            assertThat(d.path("backup_id").asText()).isEqualTo(newest);
            assertThat(d.path("message").asText()).contains(newest).contains("checksum mismatch").contains("older backups were not tried");
            // The older, intact backup was not drilled instead (nor touched).
            assertThat(app.get("/api/v1/backup/" + older, T).json().path("status").asText()).isEqualTo("completed");

            JsonNode status = app.get("/api/v1/backup/status", T).json();
            assertThat(status.path("last_drill").path("passed").asBoolean(true)).isFalse();
            assertThat(status.path("last_drill").path("backup_id").asText()).isEqualTo(newest);
            assertThat(app.get("/api/v1/backup/" + newest, T).json().path("status").asText()).isEqualTo("corrupted");
            String metrics = app.get("/metrics", null).text();
            assertThat(metrics).contains("cartographus_restore_drill_total{status=\"failed\"} 1.0")
                    .contains("cartographus_restore_drill_total{status=\"passed\"} 0.0")
                    .doesNotContain("cartographus_restore_drill_last_success_timestamp ");

            AppProcess.CliResult cli = AppProcess.cli(app.env, "backup", "drill");
            assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(3);
            assertThat(cli.out()).contains("drill FAILED").contains(newest);
        }
    }

    private static String create(AppProcess app, String type) throws Exception {
        AppProcess.Response created = app.post("/api/v1/backup/create", T, Map.of("type", type));
        assertThat(created.status()).as(created.text()).isEqualTo(200);
        return created.json().path("id").asText();
    }

    private static List<String> committedNames(Path dir) throws Exception {
        return names(dir).stream().filter(n -> !n.endsWith(".tmp")).toList();
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
