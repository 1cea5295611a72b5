package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.fs.TempFiles;
import io.cartographus.offsite.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Scenario 2 of the guide with the real jar and a real S3 server (S3Proxy on loopback): back up,
 * lose the whole data directory, rebuild a new one from the bucket alone, start, see the data.
 */
class OffsiteIT {
    @TempDir
    Path tmp;

    /** The environment of a server whose off-site copies go to s3://dr-backups/cartographus on {@code s3}. */
    static Map<String, String> offsiteEnv(S3ProxyServer s3, Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("DATA_DIR", dataDir.toString());
        env.put("BACKUP_SCHEDULE_ENABLED", "false");
        env.put("BACKUP_OFFSITE_URL", "s3://dr-backups/cartographus");
        env.put("BACKUP_OFFSITE_ENDPOINT", s3.endpoint().toString());
        env.put("BACKUP_OFFSITE_PATH_STYLE", "true");
        env.put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
        return env;
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void a_fresh_machine_is_rebuilt_from_the_bucket_alone() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start().bucket("dr-backups")) {
            Path data = tmp.resolve("data");
            String id;
            try (AppProcess app = new AppProcess(data).withAdminToken()) {
                app.env.putAll(offsiteEnv(s3, data));
                app.start();
                String t = AppProcess.ADMIN;
                assertThat(app.post("/api/v1/sync", t, Events.batch(120, 0)).status()).isEqualTo(200);
                AppProcess.Response created = app.post("/api/v1/backup/create", t, Map.of("type", "full"));
                assertThat(created.status()).as(created.text()).isEqualTo(200);
                id = created.json().path("id").asText();
                JsonNode uploaded = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> app.get("/api/v1/backup/" + id, t).json(), r -> "uploaded".equals(r.path("offsite").path("status").asText()));
                assertThat(uploaded.path("verification").path("status").asText()).isEqualTo("passed");
                assertThat(uploaded.path("offsite").path("location").asText()).startsWith("s3://dr-backups/cartographus/backup-" + id + ".tar.");
                // The record says "uploaded" a moment before the listener counts it.
                Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                        assertThat(app.get("/metrics", null).text()).contains("cartographus_offsite_upload_total{status=\"completed\"} 1.0"));
            }
            TempFiles.deleteRecursively(data); // the whole machine is gone

            Path fresh = tmp.resolve("fresh");
            Map<String, String> env = offsiteEnv(s3, fresh);
            AppProcess.CliResult listed = AppProcess.cli(env, "backup", "offsite", "list");
            assertThat(listed.exit()).as(listed.err()).isZero();
            assertThat(listed.out()).contains(id).contains("s3://dr-backups/cartographus");

            AppProcess.CliResult restored = AppProcess.cli(env, "backup", "restore", "latest", "--from-offsite");
            assertThat(restored.exit()).as(restored.out() + restored.err()).isZero();
            assertThat(restored.out()).contains("restored " + id).contains("records_restored=120");
            assertThat(restored.err()).contains("downloading s3://dr-backups/cartographus/backup-" + id);
            assertThat(names(fresh.resolve("backups"))).contains("backup-" + id + ".json", "backup-" + id + ".sha256", "metadata.json");

            AppProcess.CliResult dry = AppProcess.cli(env, "backup", "offsite", "sync", "--dry-run");
            assertThat(dry.exit()).as(dry.err()).isZero();
            assertThat(dry.out()).contains("would upload: nothing").contains("would delete: nothing");

            try (AppProcess app = new AppProcess(fresh).withAdminToken()) {
                app.env.putAll(env);
                app.start();
                JsonNode stats = app.get("/api/v1/stats", AppProcess.ADMIN).json();
                assertThat(stats.path("total_playbacks").asLong()).as(stats.toString()).isEqualTo(120);
                assertThat(stats.path("unique_users").asLong()).isEqualTo(7);
                assertThat(app.get("/api/v1/backup/" + id, AppProcess.ADMIN).json().path("status").asText()).isEqualTo("completed");
            }
        }
    }

    @Test
    void a_damaged_copy_in_the_bucket_is_refused_and_the_fresh_machine_stays_empty() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start().bucket("dr-backups")) {
            Path data = java.nio.file.Files.createDirectories(tmp.resolve("data")); // offline commands never invent DATA_DIR
            Map<String, String> env = offsiteEnv(s3, data);
            env.put("BACKUP_VERIFY", "false");
            AppProcess.CliResult created = AppProcess.cli(env, "backup", "create", "--type", "database", "--json");
            assertThat(created.exit()).as(created.err()).isZero();
            // The CLI's log lines share stdout with the JSON (logback.xml); the record is the JSON object.
            JsonNode record = AppProcess.JSON.readTree(created.out().substring(created.out().indexOf("{\n")));
            String id = record.path("id").asText();
            String file = record.path("file_name").asText();
            assertThat(s3.raw().headObject(r -> r.bucket("dr-backups").key("cartographus/" + file)).contentLength()).isPositive();

            byte[] bytes = s3.raw().getObjectAsBytes(r -> r.bucket("dr-backups").key("cartographus/" + file)).asByteArray();
            bytes[bytes.length / 3] ^= 0x40;
            s3.raw().putObject(r -> r.bucket("dr-backups").key("cartographus/" + file), RequestBody.fromBytes(bytes));

            Path fresh = tmp.resolve("fresh");
            AppProcess.CliResult refused = AppProcess.cli(offsiteEnv(s3, fresh), "backup", "restore", "latest", "--from-offsite");
            assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(3);
            assertThat(refused.err()).contains(id).contains("damaged").contains("nothing was changed locally");
            assertThat(names(fresh.resolve("backups"))).containsExactly("metadata.json");
            assertThat(fresh.resolve("cartographus.duckdb")).doesNotExist();
        }
    }
}
