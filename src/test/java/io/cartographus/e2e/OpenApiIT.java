package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.api.OpenApiDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of the real jar, called the way a client would, and every JSON body checked against the
 * schema that the served openapi.yaml gives for that route and status. Schemas where our JSON is exact
 * refuse unknown fields, so a field added to a response but not to the document fails here.
 */
class OpenApiIT {
    @TempDir
    Path tmp;

    private AppProcess app;
    private OpenApiDocument doc;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> exercised = new TreeSet<>();

    /** Calls the route, asserts the status, checks the body against the document; returns the body. */
    private JsonNode call(String method, String url, String documented, int status, String token, byte[] body, String type)
            throws IOException, InterruptedException {
        AppProcess.Response r = app.call(method, url, token, body, type);
        assertThat(r.status()).as(method + " " + url + " -> " + r.text()).isEqualTo(status);
        assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).as(method + " " + url).startsWith("application/json");
        JsonNode json = r.json();
        List<String> found = doc.check(method, documented, status, json);
        found.forEach(p -> problems.add(method + " " + url + " " + status + ": " + p + "\n    body: " + json));
        exercised.add(method + " " + documented);
        return json;
    }

    private JsonNode json(String method, String url, String documented, int status, String token, Object body)
            throws IOException, InterruptedException {
        return call(method, url, documented, status, token, body == null ? null : AppProcess.JSON.writeValueAsBytes(body),
                body == null ? null : "application/json");
    }

    private String token(String role) throws IOException, InterruptedException {
        AppProcess.CliResult r = AppProcess.cli(new HashMap<>(app.env), "token", "create", "--role", role, "--name", "oa-" + role);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out().strip();
    }

    @Test
    void every_route_answers_with_bodies_that_match_the_document() throws Exception {
        try (AppProcess started = new AppProcess(tmp.resolve("data")).withAdminToken().set("BACKUP_PRE_SYNC", "true").start()) {
            app = started;
            String admin = AppProcess.ADMIN;
            AppProcess.Response yaml = app.get("/api/openapi.yaml", null);
            assertThat(yaml.status()).isEqualTo(200);
            assertThat(yaml.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
            doc = OpenApiDocument.parse(yaml.body());
            exercised.add("GET /api/openapi.yaml");
            AppProcess.Response metrics = app.get("/metrics", null);
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            exercised.add("GET /metrics");
            String viewer = token("viewer");
            String operator = token("operator");

            json("GET", "/api/v1/health/live", "/api/v1/health/live", 200, null, null);
            json("GET", "/api/v1/health/ready", "/api/v1/health/ready", 200, null, null);
            json("GET", "/api/v1/stats", "/api/v1/stats", 200, viewer, null);
            assertThat(json("GET", "/api/v1/auth/whoami", "/api/v1/auth/whoami", 200, viewer, null).path("role").asText()).isEqualTo("viewer");
            AppProcess.Response unknown = app.get("/api/v1/no-such-thing", admin);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(doc.checkSchema("Error", unknown.json())).as(unknown.text()).isEmpty();

            // Host: sync as JSON and NDJSON (the pre-sync backup id is set), a bad batch, an empty one.
            JsonNode synced = json("POST", "/api/v1/sync", "/api/v1/sync", 200, operator, Events.batch(3000, 0));
            assertThat(synced.path("pre_sync_backup_id").isTextual()).isTrue();
            byte[] ndjson = (AppProcess.JSON.writeValueAsString(Events.batch(1, 5000).get(0)) + "\n").getBytes(StandardCharsets.UTF_8);
            call("POST", "/api/v1/sync", "/api/v1/sync", 200, operator, ndjson, "application/x-ndjson");
            List<Map<String, Object>> bad = Events.batch(2, 0);
            bad.get(1).put("latitude", 91);
            json("POST", "/api/v1/sync", "/api/v1/sync", 400, operator, bad);
            call("POST", "/api/v1/sync", "/api/v1/sync", 200, operator, new byte[0], "application/json");
            json("GET", "/api/v1/stats", "/api/v1/stats", 200, viewer, null);

            // Create each type, wait=false too, and the errors of create.
            Map<String, String> ids = new HashMap<>();
            for (String type : List.of("full", "database", "config")) {
                ids.put(type, json("POST", "/api/v1/backup/create", "/api/v1/backup/create", 200, operator,
                        Map.of("type", type, "notes", "openapi " + type)).path("id").asText());
            }
            JsonNode started202 = json("POST", "/api/v1/backup/create?wait=false", "/api/v1/backup/create", 202, operator, null);
            String bg = started202.path("id").asText();
            // While it runs, a second one is refused with the running one's id (unless it already finished).
            AppProcess.Response second = app.post("/api/v1/backup/create", operator, Map.of("type", "config"));
            if (second.status() == 409) {
                assertThat(doc.check("POST", "/api/v1/backup/create", 409, second.json())).isEmpty();
                exercised.add("409 create");
            }
            waitCompleted(bg, viewer);
            json("POST", "/api/v1/backup/create", "/api/v1/backup/create", 400, operator, Map.of("type", "incremental"));
            json("POST", "/api/v1/backup/create", "/api/v1/backup/create", 400, operator, Map.of("type", "full", "extra", true));
            json("POST", "/api/v1/backup/create", "/api/v1/backup/create", 400, operator, Map.of("notes", "x".repeat(501)));
            call("POST", "/api/v1/backup/create", "/api/v1/backup/create", 413, operator, new byte[70 * 1024], "application/json");
            json("POST", "/api/v1/backup/create", "/api/v1/backup/create", 401, null, Map.of());
            json("POST", "/api/v1/backup/create", "/api/v1/backup/create", 401, "cgr_not-a-real-token", Map.of());
            json("POST", "/api/v1/backup/create", "/api/v1/backup/create", 403, viewer, Map.of());

            // Read: list with every filter, details, status.
            json("GET", "/api/v1/backup/list", "/api/v1/backup/list", 200, viewer, null);
            JsonNode filtered = json("GET", "/api/v1/backup/list?type=full&status=completed&trigger=manual&limit=10&offset=0&sort_desc=false",
                    "/api/v1/backup/list", 200, viewer, null);
            assertThat(filtered.path("total").asInt()).isEqualTo(2);
            json("GET", "/api/v1/backup/list?limit=0", "/api/v1/backup/list", 400, viewer, null);
            json("GET", "/api/v1/backup/list?trigger=cron", "/api/v1/backup/list", 400, viewer, null);
            String full = ids.get("full");
            json("GET", "/api/v1/backup/" + full, "/api/v1/backup/{id}", 200, viewer, null);
            json("GET", "/api/v1/backup/" + synced.path("pre_sync_backup_id").asText(), "/api/v1/backup/{id}", 200, viewer, null);
            json("GET", "/api/v1/backup/20200101-000000-full", "/api/v1/backup/{id}", 404, viewer, null);
            json("GET", "/api/v1/backup/not..an..id", "/api/v1/backup/{id}", 400, viewer, null);
            json("GET", "/api/v1/backup/status", "/api/v1/backup/status", 200, viewer, null);

            // Validate each type.
            for (String id : ids.values()) {
                json("POST", "/api/v1/backup/validate/" + id, "/api/v1/backup/validate/{id}", 200, operator, null);
            }
            json("POST", "/api/v1/backup/validate/20200101-000000-full", "/api/v1/backup/validate/{id}", 404, operator, null);
            json("POST", "/api/v1/backup/validate/" + full, "/api/v1/backup/validate/{id}", 403, viewer, null);

            // Download: binary with its headers; errors are JSON.
            AppProcess.Response dl = app.get("/api/v1/backup/download/" + full, admin);
            assertThat(dl.status()).isEqualTo(200);
            assertThat(dl.raw().headers().firstValue("X-Backup-Checksum").orElse("")).matches("sha256=[0-9a-f]{64}");
            assertThat(dl.raw().headers().firstValue("Content-Type").orElse("")).isEqualTo("application/gzip");
            exercised.add("GET /api/v1/backup/download/{id}");
            // HEAD: the same headers and the real size, no bytes; refused like GET.
            AppProcess.Response head = app.call("HEAD", "/api/v1/backup/download/" + full, admin, null, null);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.raw().headers().firstValueAsLong("Content-Length").orElse(-1)).isEqualTo(dl.body().length);
            assertThat(head.raw().headers().firstValue("X-Backup-Checksum")).isEqualTo(dl.raw().headers().firstValue("X-Backup-Checksum"));
            assertThat(head.body()).isEmpty();
            assertThat(app.call("HEAD", "/api/v1/backup/download/" + full, null, null, null).status()).isEqualTo(401);
            assertThat(app.call("HEAD", "/api/v1/backup/download/" + full, operator, null, null).status()).isEqualTo(403);
            assertThat(app.call("HEAD", "/api/v1/backup/download/20200101-000000-full", admin, null, null).status()).isEqualTo(404);
            exercised.add("HEAD /api/v1/backup/download/{id}");
            // Every other HEAD is refused, token or not: Javalin would answer 200 itself without the route.
            for (String path : List.of("/api/v1/backup/" + full, "/api/v1/backup/list", "/api/v1/health/ready", "/api/v1/stats", "/metrics")) {
                for (String token : java.util.Arrays.asList(null, admin)) {
                    AppProcess.Response refused = app.call("HEAD", path, token, null, null);
                    assertThat(refused.status()).as("HEAD %s", path).isEqualTo(405);
                    assertThat(refused.raw().headers().firstValue("Allow")).as("HEAD %s", path).contains("GET");
                }
            }
            json("GET", "/api/v1/backup/download/20200101-000000-full", "/api/v1/backup/download/{id}", 404, admin, null);
            json("GET", "/api/v1/backup/download/" + full, "/api/v1/backup/download/{id}", 403, operator, null);

            // Restore: validate only, for real, latest, errors, and a refused (corrupt) backup.
            json("POST", "/api/v1/backup/restore/" + full, "/api/v1/backup/restore/{id}", 200, admin, Map.of("validate_only", true));
            json("POST", "/api/v1/backup/restore/" + full, "/api/v1/backup/restore/{id}", 200, admin,
                    Map.of("create_pre_restore_backup", true, "verify_after_restore", true));
            json("POST", "/api/v1/backup/restore/latest", "/api/v1/backup/restore/latest", 200, admin, Map.of("validate_only", true));
            json("POST", "/api/v1/backup/restore/latest", "/api/v1/backup/restore/latest", 200, admin,
                    Map.of("create_pre_restore_backup", false));
            json("POST", "/api/v1/backup/restore/" + full, "/api/v1/backup/restore/{id}", 400, admin, Map.of("validate_first", true));
            json("POST", "/api/v1/backup/restore/" + full, "/api/v1/backup/restore/{id}", 400, admin, Map.of("stop_services", "yes"));
            json("POST", "/api/v1/backup/restore/20200101-000000-full", "/api/v1/backup/restore/{id}", 404, admin, Map.of());
            json("POST", "/api/v1/backup/restore/" + full, "/api/v1/backup/restore/{id}", 403, operator, Map.of());
            // The store-wide check: nothing deduplicated here, so nothing to read.
            JsonNode check = json("POST", "/api/v1/backup/check", "/api/v1/backup/check", 200, operator, null);
            assertThat(check.path("chunks_checked").asInt()).isZero();
            json("POST", "/api/v1/backup/check", "/api/v1/backup/check", 403, viewer, null);
            json("POST", "/api/v1/backup/check", "/api/v1/backup/check", 400, operator, Map.of("deep", true));
            // A restore drill of the newest backup with a database, then status reports it.
            JsonNode drill = json("POST", "/api/v1/backup/drill", "/api/v1/backup/drill", 200, operator, null);
            assertThat(drill.path("passed").asBoolean()).as(drill.toString()).isTrue();
            assertThat(json("GET", "/api/v1/backup/status", "/api/v1/backup/status", 200, viewer, null).path("last_drill")
                    .path("backup_id").asText()).isEqualTo(drill.path("backup_id").asText());
            json("POST", "/api/v1/backup/drill", "/api/v1/backup/drill", 403, viewer, null);
            json("POST", "/api/v1/backup/drill", "/api/v1/backup/drill", 400, operator, Map.of("from", "offsite"));

            // Deleting rows (admin only), then what a backup holds that live no longer does.
            json("DELETE", "/api/v1/users/3", "/api/v1/users/{user_id}", 403, operator, null);
            json("DELETE", "/api/v1/users/3", "/api/v1/users/{user_id}", 200, admin, null);
            json("DELETE", "/api/v1/users/3", "/api/v1/users/{user_id}", 404, admin, null);
            json("DELETE", "/api/v1/users/not-a-number", "/api/v1/users/{user_id}", 400, admin, null);
            json("DELETE", "/api/v1/playbacks?user_id=4", "/api/v1/playbacks", 200, admin, null);
            json("DELETE", "/api/v1/playbacks?before=yesterday", "/api/v1/playbacks", 400, admin, null);
            json("DELETE", "/api/v1/playbacks?user_id=4", "/api/v1/playbacks", 403, viewer, null);
            JsonNode diff = json("GET", "/api/v1/backup/" + full + "/diff", "/api/v1/backup/{id}/diff", 200, viewer, null);
            assertThat(diff.path("tables").path("playback_events").path("only_in_backup").asLong()).isPositive();
            json("GET", "/api/v1/backup/" + full + "/diff?table=playback_events&limit=5", "/api/v1/backup/{id}/diff", 200, viewer, null);
            json("GET", "/api/v1/backup/" + full + "/diff?table=no_such_table", "/api/v1/backup/{id}/diff", 400, viewer, null);
            json("GET", "/api/v1/backup/20200101-000000-full/diff", "/api/v1/backup/{id}/diff", 404, viewer, null);

            String db = ids.get("database");
            Path archive = tmp.resolve("data").resolve("backups").resolve("backup-" + db + ".tar.gz");
            byte[] bytes = Files.readAllBytes(archive);
            bytes[bytes.length / 2] ^= 0x55;
            Files.write(archive, bytes);
            JsonNode refused = json("POST", "/api/v1/backup/restore/" + db, "/api/v1/backup/restore/{id}", 422, admin,
                    Map.of("create_pre_restore_backup", false));
            assertThat(refused.path("validation").path("checksum_valid").asBoolean(true)).isFalse();
            json("POST", "/api/v1/backup/validate/" + db, "/api/v1/backup/validate/{id}", 200, operator, null);
            json("POST", "/api/v1/backup/restore/" + db, "/api/v1/backup/restore/{id}", 422, admin, Map.of("validate_only", true));

            // Delete, then it is gone.
            json("DELETE", "/api/v1/backup/" + db, "/api/v1/backup/{id}", 403, operator, null);
            json("DELETE", "/api/v1/backup/" + db, "/api/v1/backup/{id}", 200, admin, null);
            json("DELETE", "/api/v1/backup/" + db, "/api/v1/backup/{id}", 404, admin, null);

            // Audit.
            JsonNode audit = json("GET", "/api/v1/audit?limit=5&action=backup.create", "/api/v1/audit", 200, admin, null);
            assertThat(audit.path("entries").size()).isEqualTo(5);
            json("GET", "/api/v1/audit?limit=1001", "/api/v1/audit", 400, admin, null);
            json("GET", "/api/v1/audit", "/api/v1/audit", 403, operator, null);

            // Routes other branches add: checked once they exist.
            if (exists("GET", "/api/v1/backup/retention/preview")) {
                json("GET", "/api/v1/backup/retention/preview", "/api/v1/backup/retention/preview", 200, viewer, null);
            }
            if (exists("POST", "/api/v1/backup/retention/apply")) {
                json("POST", "/api/v1/backup/retention/apply", "/api/v1/backup/retention/apply", 403, operator, null);
                json("POST", "/api/v1/backup/retention/apply", "/api/v1/backup/retention/apply", 200, admin, null);
            }
            // Upload: refused roles, a duplicate, a damaged archive, and one that is accepted (a deleted backup's archive).
            call("POST", "/api/v1/backup/upload", "/api/v1/backup/upload", 403, operator, new byte[10], "application/octet-stream");
            call("POST", "/api/v1/backup/upload", "/api/v1/backup/upload", 409, admin, dl.body(), "application/gzip");
            call("POST", "/api/v1/backup/upload", "/api/v1/backup/upload", 422, admin, java.util.Arrays.copyOf(dl.body(), 100), null);
            String config = ids.get("config");
            byte[] configArchive = app.get("/api/v1/backup/download/" + config, admin).body();
            json("DELETE", "/api/v1/backup/" + config, "/api/v1/backup/{id}", 200, admin, null);
            JsonNode imported = call("POST", "/api/v1/backup/upload", "/api/v1/backup/upload", 201, admin, configArchive,
                    "application/octet-stream");
            assertThat(imported.path("notes").asText()).isEqualTo("imported from " + config);

            json("GET", "/api/v1/backup/status", "/api/v1/backup/status", 200, viewer, null);
            assertThat(problems).as("responses that do not match openapi.yaml").isEmpty();
            Set<String> missed = new TreeSet<>(doc.operations());
            missed.removeAll(exercised);
            assertThat(missed).as("documented operations this test never called").isEmpty();
        }
    }

    /** A route exists when a call without a token is refused for that, not answered "no such route". */
    private boolean exists(String method, String path) throws IOException, InterruptedException {
        AppProcess.Response r = app.call(method, path, null, null, null);
        return r.status() != 404;
    }

    private void waitCompleted(String id, String token) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode r = json("GET", "/api/v1/backup/" + id, "/api/v1/backup/{id}", 200, token, null);
            if (!r.path("status").asText().equals("in_progress")) {
                assertThat(r.path("status").asText()).isEqualTo("completed");
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("backup " + id + " did not finish in 30 s");
    }
}
