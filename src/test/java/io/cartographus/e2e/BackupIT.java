package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guide's manual backup operations with the real jar, curl-equivalent calls and the real tools. */
class BackupIT {
    @TempDir
    Path tmp;

    private static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }

    @Test
    void each_type_is_created_listed_downloaded_checked_with_tar_and_sha256sum() throws Exception {
        Path data = tmp.resolve("data");
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            String t = AppProcess.ADMIN;
            assertThat(app.post("/api/v1/sync", t, Events.batch(120, 0)).status()).isEqualTo(200);
            Map<String, String> ids = new HashMap<>();
            for (String type : List.of("full", "database", "config")) {
                AppProcess.Response r = app.post("/api/v1/backup/create", t, Map.of("type", type, "notes", "Pre-upgrade backup"));
                assertThat(r.status()).as(r.text()).isEqualTo(200);
                JsonNode b = r.json();
                assertThat(b.path("id").asText()).matches("\\d{8}-\\d{6}-" + type + "(-\\d+)?");
                assertThat(b.path("status").asText()).isEqualTo("completed");
                assertThat(b.path("trigger").asText()).isEqualTo("manual");
                assertThat(b.path("notes").asText()).isEqualTo("Pre-upgrade backup");
                ids.put(type, b.path("id").asText());
                if (!type.equals("config")) {
                    assertThat(b.path("record_count").asLong()).isEqualTo(120);
                    assertThat(b.path("tables").path("playback_events").asLong()).isEqualTo(120);
                }
            }
            Path bdir = data.resolve("backups");
            String full = ids.get("full");
            List<String> entries = List.of(run(bdir, "tar", "-tzf", "backup-" + full + ".tar.gz").split("\\s+"));
            assertThat(entries).contains("database/cartographus.duckdb", "config/config.json", "manifest.json");
            assertThat(run(bdir, "tar", "-tzf", "backup-" + ids.get("database") + ".tar.gz")).contains("database/cartographus.duckdb")
                    .doesNotContain("config/config.json");
            assertThat(run(bdir, "tar", "-tzf", "backup-" + ids.get("config") + ".tar.gz")).contains("config/config.json")
                    .doesNotContain("database/");
            run(bdir, "sh", "-c", "sha256sum -c backup-*.sha256");
            String jq = run(bdir, "jq", ".backups | sort_by(.created_at) | reverse | .[0:5]", "metadata.json");
            assertThat(jq).contains(full);

            JsonNode list = app.get("/api/v1/backup/list?type=full&status=completed&limit=10", t).json();
            assertThat(list.path("backups").size()).isEqualTo(1);
            assertThat(app.get("/api/v1/backup/list?sort_desc=true", t).json().path("backups").size()).isEqualTo(3);
            assertThat(app.get("/api/v1/backup/list?type=bogus", t).status()).isEqualTo(400);

            AppProcess.Response dl = app.get("/api/v1/backup/download/" + full, t);
            assertThat(dl.status()).isEqualTo(200);
            assertThat(dl.raw().headers().firstValue("Content-Disposition").orElse("")).contains("backup-" + full + ".tar.gz");
            assertThat(dl.raw().headers().firstValue("X-Backup-Checksum").orElse("")).contains(app.get("/api/v1/backup/" + full, t)
                    .json().path("checksum").asText());
            assertThat(dl.body()).isEqualTo(Files.readAllBytes(bdir.resolve("backup-" + full + ".tar.gz")));
            Path copy = tmp.resolve("backup.tar.gz");
            Files.write(copy, dl.body());
            assertThat(run(tmp, "tar", "-tzf", copy.toString())).contains("manifest.json");

            JsonNode v = app.post("/api/v1/backup/validate/" + full, t, null).json();
            assertThat(v.path("valid").asBoolean()).as(v.toString()).isTrue();
            for (String k : List.of("checksum_valid", "archive_readable", "files_complete", "database_valid")) {
                assertThat(v.path(k).asBoolean()).isTrue();
            }
            JsonNode status = app.get("/api/v1/backup/status", t).json();
            assertThat(status.path("stats").path("total_count").asInt()).isEqualTo(3);
            assertThat(status.path("stats").path("success_rate").asDouble()).isEqualTo(1.0);
            assertThat(status.path("last_backup").path("id").asText()).isNotEmpty();

            for (String bad : List.of("..%2Fx", "%2e%2e%2f", "20260101-020000-full%2F..", "x".repeat(10_000))) {
                assertThat(app.get("/api/v1/backup/" + bad, t).status()).as(bad).isIn(400, 404);
            }
            assertThat(app.post("/api/v1/backup/create", t, Map.of("type", "everything")).json().path("error").path("message").asText())
                    .contains("full, database, config");
            assertThat(app.post("/api/v1/backup/create", t, Map.of("type", "full", "notes", "n".repeat(501))).status()).isEqualTo(400);

            AppProcess.Response del = app.call("DELETE", "/api/v1/backup/" + ids.get("config"), t, null, null);
            assertThat(del.status()).isEqualTo(200);
            assertThat(bdir.resolve("backup-" + ids.get("config") + ".tar.gz")).doesNotExist();
            assertThat(bdir.resolve("backup-" + ids.get("config") + ".json")).doesNotExist();
        }
    }

    @Test
    void kill_during_a_backup_leaves_no_partial_archive_and_a_consistent_index() throws Exception {
        Path data = tmp.resolve("data");
        Map<String, String> env = new HashMap<>();
        env.put("DATA_DIR", data.toString());
        AppProcess.CliResult seed = AppProcess.cli(env, "demo", "seed", "--events", "1500000");
        assertThat(seed.exit()).as(seed.err()).isZero();
        AppProcess app = new AppProcess(data).withAdminToken().set("BACKUP_COMPRESSION_LEVEL", "9").start();
        AppProcess.Response started = app.post("/api/v1/backup/create?wait=false", AppProcess.ADMIN, Map.of("type", "full"));
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String id = started.json().path("id").asText();
        Thread.sleep(700);
        app.kill();
        Path bdir = data.resolve("backups");
        try (AppProcess again = new AppProcess(data).withAdminToken().start()) {
            try (Stream<Path> files = Files.list(bdir)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp-"))
                        .noneMatch(n -> n.equals("backup-" + id + ".tar.gz"));
            }
            JsonNode rec = again.get("/api/v1/backup/" + id, AppProcess.ADMIN).json();
            assertThat(rec.path("status").asText()).isEqualTo("failed");
            assertThat(rec.path("error").asText()).contains("interrupted");
            JsonNode meta = AppProcess.JSON.readTree(Files.readAllBytes(bdir.resolve("metadata.json")));
            assertThat(meta.path("backups").size()).isEqualTo(1);
            AppProcess.Response next = again.post("/api/v1/backup/create", AppProcess.ADMIN, Map.of("type", "database"));
            assertThat(next.status()).as(next.text()).isEqualTo(200);
            assertThat(next.json().path("record_count").asLong()).isEqualTo(1_500_000);
        }
    }

    @Test
    void a_second_operation_gets_409_naming_the_running_one_and_downloads_honour_ranges_and_the_cli_works_both_ways() throws Exception {
        Path data = tmp.resolve("data");
        Map<String, String> env = new HashMap<>();
        env.put("DATA_DIR", data.toString());
        assertThat(AppProcess.cli(env, "demo", "seed", "--events", "600000").exit()).isZero();
        AppProcess.CliResult offline = AppProcess.cli(env, "backup", "create", "--type", "database", "--notes", "offline");
        assertThat(offline.exit()).as(offline.err()).isZero();
        assertThat(offline.out()).contains("completed");
        try (AppProcess app = new AppProcess(data).withAdminToken().set("BACKUP_COMPRESSION_LEVEL", "9").start()) {
            String t = AppProcess.ADMIN;
            AppProcess.Response started = app.post("/api/v1/backup/create?wait=false", t, Map.of("type", "full"));
            assertThat(started.status()).isEqualTo(202);
            String running = started.json().path("id").asText();
            AppProcess.Response second = app.post("/api/v1/backup/create", t, Map.of("type", "database"));
            assertThat(second.status()).as(second.text()).isEqualTo(409);
            assertThat(second.json().path("error").path("message").asText()).contains(running);
            // While it runs, status shows its phase and the bytes of the database read so far.
            List<JsonNode> seen = new java.util.ArrayList<>();
            for (int i = 0; i < 600 && !app.get("/api/v1/backup/" + running, t).json().path("status").asText().equals("completed"); i++) {
                JsonNode p = app.get("/api/v1/backup/status", t).json().path("progress");
                if (p.isObject()) {
                    seen.add(p);
                }
                Thread.sleep(100);
            }
            assertThat(app.get("/api/v1/backup/" + running, t).json().path("status").asText()).isEqualTo("completed");
            assertThat(seen).as("progress while backing up").anySatisfy(p -> {
                assertThat(p.path("phase").asText()).isEqualTo("compress");
                assertThat(p.path("bytes_total").asLong()).isPositive();
                assertThat(p.path("bytes_done").asLong()).isBetween(0L, p.path("bytes_total").asLong());
                assertThat(p.path("percent").asDouble()).isBetween(0.0, 100.0);
            });
            assertThat(app.get("/api/v1/backup/status", t).json().path("progress").isNull()).as("no operation, no progress").isTrue();
            // A script following a backup gets the same progress as JSON lines on standard error.
            AppProcess.CliResult followed = AppProcess.cli(env, "backup", "create", "--type", "database", "--json", "--token", t);
            assertThat(followed.exit()).as(followed.err()).isZero();
            assertThat(AppProcess.JSON.readTree(followed.out()).path("status").asText()).isEqualTo("completed");
            assertThat(followed.err().lines()).as("a level-9 backup of 600,000 events takes seconds").isNotEmpty()
                    .allSatisfy(l -> assertThat(AppProcess.JSON.readTree(l).path("progress").path("phase").asText()).isNotEmpty());

            byte[] whole = app.get("/api/v1/backup/download/" + running, t).body();
            AppProcess.Response part = app.call("GET", "/api/v1/backup/download/" + running, t, null, null);
            var req = java.net.http.HttpRequest.newBuilder(app.url("/api/v1/backup/download/" + running))
                    .header("Authorization", "Bearer " + t).header("Range", "bytes=100-199").build();
            var ranged = java.net.http.HttpClient.newHttpClient().send(req, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(ranged.statusCode()).isEqualTo(206);
            assertThat(ranged.body()).isEqualTo(java.util.Arrays.copyOfRange(whole, 100, 200));
            assertThat(ranged.headers().firstValue("Content-Range").orElse("")).isEqualTo("bytes 100-199/" + whole.length);
            assertThat(part.raw().headers().firstValue("Content-Length").orElse("")).isEqualTo(Long.toString(whole.length));

            // The CLI finds the running server through DATA_DIR/server.json and uses DATA_DIR's token or --token.
            AppProcess.CliResult list = AppProcess.cli(env, "backup", "list", "--json", "--token", t);
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(AppProcess.JSON.readTree(list.out()).path("total").asInt()).as("offline, running and followed").isEqualTo(3);
            AppProcess.CliResult validate = AppProcess.cli(env, "backup", "validate", running, "--token", t);
            assertThat(validate.exit()).as(validate.out() + validate.err()).isZero();
            AppProcess.CliResult forcedOffline = AppProcess.cli(env, "backup", "create", "--offline");
            assertThat(forcedOffline.exit()).as(forcedOffline.err()).isEqualTo(11);
            assertThat(forcedOffline.err()).contains("another Cartographus process");
            AppProcess.CliResult badId = AppProcess.cli(env, "backup", "show", "../x", "--token", t);
            assertThat(badId.exit()).isEqualTo(3);
            assertThat(badId.err()).contains("invalid backup id");
        }
    }
}
