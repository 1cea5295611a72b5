package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cartographus backup restore} with the server stopped (the disaster case: the app is down),
 * and its refusal while a server owns the same DATA_DIR.
 */
class OfflineRestoreIT {
    @TempDir
    Path tmp;

    @Test
    void restores_with_the_server_stopped_then_the_server_starts_on_the_restored_data() throws Exception {
        Path data = tmp.resolve("data");
        String id;
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            assertThat(app.post("/api/v1/sync", AppProcess.ADMIN, Events.batch(80, 0)).status()).isEqualTo(200);
            id = app.post("/api/v1/backup/create", AppProcess.ADMIN, Map.of("type", "full")).json().path("id").asText();
            assertThat(app.post("/api/v1/sync", AppProcess.ADMIN, Events.batch(20, 80)).status()).isEqualTo(200);
        }
        Map<String, String> env = new HashMap<>(Map.of("DATA_DIR", data.toString(), "BACKUP_SCHEDULE_ENABLED", "false"));
        AppProcess.CliResult r = AppProcess.cli(env, "backup", "restore", id);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("restored " + id).contains("records_restored=80").contains("safety backup: ");

        AppProcess.CliResult latest = AppProcess.cli(env, "backup", "restore", "latest", "--json", "--no-pre-restore-backup");
        assertThat(latest.exit()).as(latest.out() + latest.err()).isZero();
        assertThat(AppProcess.JSON.readTree(latest.out()).path("backup_id").asText())
                .as("latest is now the safety backup taken before the first restore").matches("\\d{8}-\\d{6}-pre-restore(-\\d+)?");
        assertThat(AppProcess.JSON.readTree(latest.out()).path("records_restored").asLong()).isEqualTo(100);

        AppProcess.CliResult back = AppProcess.cli(env, "backup", "restore", id, "--no-pre-restore-backup");
        assertThat(back.exit()).as(back.out() + back.err()).isZero();
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            assertThat(app.get("/api/v1/health/ready", null).status()).isEqualTo(200);
            assertThat(app.get("/api/v1/stats", AppProcess.ADMIN).json().path("total_playbacks").asLong()).isEqualTo(80);
        }
    }

    @Test
    void is_refused_while_a_server_owns_the_data_directory() throws Exception {
        Path data = tmp.resolve("data");
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            assertThat(app.post("/api/v1/sync", AppProcess.ADMIN, Events.batch(30, 0)).status()).isEqualTo(200);
            String id = app.post("/api/v1/backup/create", AppProcess.ADMIN, Map.of("type", "database")).json().path("id").asText();
            assertThat(app.post("/api/v1/sync", AppProcess.ADMIN, Events.batch(5, 30)).status()).isEqualTo(200);
            // The background test restore rewrites the index when it ends; let it end first.
            // The file, not the API: the index on disk is rewritten just after the answer changes.
            await().atMost(Duration.ofSeconds(60)).until(() -> !Files.readString(data.resolve("backups").resolve("metadata.json"))
                    .contains("\"pending\""));
            byte[] index = Files.readAllBytes(data.resolve("backups").resolve("metadata.json"));

            Map<String, String> env = new HashMap<>(Map.of("DATA_DIR", data.toString()));
            AppProcess.CliResult r = AppProcess.cli(env, "backup", "restore", id, "--offline");
            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(11);
            assertThat(r.err()).contains("another Cartographus process").contains("is using " + data).contains("stop it first")
                    .doesNotContain("Exception");
            assertThat(Files.readAllBytes(data.resolve("backups").resolve("metadata.json"))).isEqualTo(index);
            assertThat(app.get("/api/v1/stats", AppProcess.ADMIN).json().path("total_playbacks").asLong()).isEqualTo(35);

            // Without --offline the same command finds the server (DATA_DIR/server.json) and goes through its API.
            env.put("CARTOGRAPHUS_TOKEN", AppProcess.ADMIN);
            AppProcess.CliResult viaApi = AppProcess.cli(env, "backup", "restore", id, "--no-pre-restore-backup");
            assertThat(viaApi.exit()).as(viaApi.out() + viaApi.err()).isZero();
            assertThat(app.get("/api/v1/stats", AppProcess.ADMIN).json().path("total_playbacks").asLong()).isEqualTo(30);
        }
    }
}
