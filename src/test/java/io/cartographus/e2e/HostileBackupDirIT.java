package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.testing.Archives;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BACKUP_DIR that someone else could write to (a bucket synced down, an rsync from another host),
 * with the real jar: sidecars and index entries whose {@code file_name} points outside, an archive
 * that is a link to a file outside, and an archive dated in the year 2999. None of the planted
 * records is ever listed, served, deleted or pruned, the file outside keeps its bytes, the future
 * date is clamped so a real backup taken later is "latest", and a {@code null} option is a 400
 * that restores nothing (docs/design.md §12).
 */
class HostileBackupDirIT {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final String SECRET = "SENTINEL-do-not-serve-0123456789\n";
    private static final String BY_ABSOLUTE_NAME = "20200101-000009-full";
    private static final String BY_CLIMBING_NAME = "20200101-000008-full";
    private static final String BY_LINK = "20200101-000007-full";

    @TempDir
    Path tmp;

    @Test
    void planted_records_never_reach_a_file_outside_and_a_future_date_does_not_stay_latest() throws Exception {
        Path data = tmp.resolve("data");
        Path backups = data.resolve("backups");
        // Where a climbing name from BACKUP_DIR lands: data/backups/../../admin.token.
        Path sentinel = Files.writeString(tmp.resolve("admin.token"), SECRET);
        String good;
        byte[] real;
        try (AppProcess app = server(data)) {
            assertThat(app.post("/api/v1/sync", AppProcess.ADMIN, Events.batch(50, 0)).status()).isEqualTo(200);
            AppProcess.Response made = app.post("/api/v1/backup/create", AppProcess.ADMIN, Map.of("type", "full"));
            assertThat(made.status()).as(made.text()).isEqualTo(200);
            good = made.json().path("id").asText();
            real = app.get("/api/v1/backup/download/" + good, AppProcess.ADMIN).body();
        }

        ObjectNode goodRecord = (ObjectNode) AppProcess.JSON.readTree(backups.resolve("backup-" + good + ".json").toFile());
        Files.write(backups.resolve("backup-" + BY_ABSOLUTE_NAME + ".json"),
                AppProcess.JSON.writeValueAsBytes(planted(goodRecord, BY_ABSOLUTE_NAME, sentinel.toString())));
        ObjectNode index = (ObjectNode) AppProcess.JSON.readTree(backups.resolve("metadata.json").toFile());
        ((ArrayNode) index.path("backups")).add(planted(goodRecord, BY_CLIMBING_NAME, "../../admin.token"));
        Files.write(backups.resolve("metadata.json"), AppProcess.JSON.writeValueAsBytes(index));
        Files.createSymbolicLink(backups.resolve("backup-" + BY_LINK + ".tar.gz"), sentinel);
        Files.write(backups.resolve("backup-" + BY_LINK + ".json"),
                AppProcess.JSON.writeValueAsBytes(planted(goodRecord, BY_LINK, "backup-" + BY_LINK + ".tar.gz")));
        // A valid archive whose manifest says 2999 (its id, from the file name, is an ordinary past moment).
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String future = ID_TIME.format(now.minusSeconds(600)) + "-full";
        Files.write(backups.resolve("backup-" + future + ".tar.gz"), Archives.from(real).redated(Instant.parse("2999-01-01T00:00:00Z")));

        List<String> plantedIds = List.of(BY_ABSOLUTE_NAME, BY_CLIMBING_NAME, BY_LINK);
        try (AppProcess app = server(data)) {
            String admin = AppProcess.ADMIN;
            JsonNode status = app.get("/api/v1/backup/status", admin).json();
            for (String id : plantedIds) {
                assertThat(status.path("startup_notes").toString()).as(id).contains("refused backup " + id);
                assertThat(app.get("/api/v1/backup/" + id, admin).status()).as(id).isEqualTo(404);
                AppProcess.Response download = app.get("/api/v1/backup/download/" + id, admin);
                assertThat(download.status()).as(id).isEqualTo(404);
                assertThat(new String(download.body(), StandardCharsets.UTF_8)).doesNotContain("SENTINEL");
                assertThat(app.call("DELETE", "/api/v1/backup/" + id, admin, null, null).status()).as(id).isEqualTo(404);
                assertThat(app.post("/api/v1/backup/validate/" + id, admin, null).status()).as(id).isEqualTo(404);
            }
            assertThat(ids(app.get("/api/v1/backup/list", admin).json())).doesNotContainAnyElementsOf(plantedIds).contains(good, future);

            JsonNode redated = app.get("/api/v1/backup/" + future, admin).json();
            Instant registered = Instant.parse(redated.path("created_at").asText());
            assertThat(registered).as(redated.toString()).isBefore(Instant.now().plusSeconds(1)).isAfter(now.minusSeconds(60));
            assertThat(redated.path("notes").asText()).contains("in the future when registered");

            // null is a wrong type like any other: no restore happens, no safety backup appears.
            int before = ids(app.get("/api/v1/backup/list", admin).json()).size();
            for (Map<String, Object> body : List.of(nullValued("validate_only"), nullValued("force_restore"), nullValued("restore_database"))) {
                AppProcess.Response r = app.call("POST", "/api/v1/backup/restore/" + good, admin,
                        AppProcess.JSON.writeValueAsBytes(body), "application/json");
                assertThat(r.status()).as(body + ": " + r.text()).isEqualTo(400);
                assertThat(r.json().path("error").path("message").asText()).as(body.toString()).contains("null");
            }
            AppProcess.Response nullType = app.call("POST", "/api/v1/backup/create", admin,
                    "{\"type\": null}".getBytes(StandardCharsets.UTF_8), "application/json");
            assertThat(nullType.status()).as(nullType.text()).isEqualTo(400);
            assertThat(ids(app.get("/api/v1/backup/list", admin).json())).hasSize(before);

            // A real backup taken after the planted one is the latest: the year 2999 did not win.
            Thread.sleep(1100);
            AppProcess.Response fresh = app.post("/api/v1/backup/create", admin, Map.of("type", "full"));
            assertThat(fresh.status()).as(fresh.text()).isEqualTo(200);
            String freshId = fresh.json().path("id").asText();
            AppProcess.Response latest = app.post("/api/v1/backup/restore/latest", admin, Map.of("validate_only", true));
            assertThat(latest.status()).as(latest.text()).isEqualTo(200);
            assertThat(latest.json().path("backup_id").asText()).isEqualTo(freshId);

            // Retention keeping one backup prunes the real ones it may, and never a planted record's target.
            // (It never deletes the newest verified backup: wait until that is the fresh one.)
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
                    app.get("/api/v1/backup/" + freshId, admin).json().path("verification").path("status").asText().equals("passed"));
            AppProcess.Response applied = app.post("/api/v1/backup/retention/apply", admin, null);
            assertThat(applied.status()).as(applied.text()).isEqualTo(200);
            assertThat(applied.json().toString()).doesNotContain(BY_ABSOLUTE_NAME, BY_CLIMBING_NAME, BY_LINK);
            assertThat(ids(app.get("/api/v1/backup/list", admin).json())).contains(freshId).doesNotContain(future);
        }
        assertThat(Files.readString(sentinel)).as("the file outside BACKUP_DIR").isEqualTo(SECRET);
        assertThat(backups.resolve("backup-" + BY_ABSOLUTE_NAME + ".json")).as("a refused record's files are left alone").exists();
        assertThat(Files.isSymbolicLink(backups.resolve("backup-" + BY_LINK + ".tar.gz"))).isTrue();

        // Clamped for good: the rewritten sidecar keeps the date it was registered with.
        try (AppProcess app = server(data)) {
            assertThat(app.get("/api/v1/backup/status", AppProcess.ADMIN).json().path("startup_notes").toString())
                    .contains("refused backup " + BY_ABSOLUTE_NAME);
        }
        assertThat(Files.readString(sentinel)).isEqualTo(SECRET);
    }

    private AppProcess server(Path data) throws Exception {
        return new AppProcess(data).withAdminToken()
                .set("BACKUP_RETENTION_MAX_COUNT", "1")
                .set("BACKUP_RETENTION_MIN_COUNT", "1")
                .start();
    }

    /** The real record under another id, completed, pointing where an attacker wants. */
    private static ObjectNode planted(ObjectNode real, String id, String fileName) {
        ObjectNode r = real.deepCopy();
        r.put("id", id);
        r.put("file_name", fileName);
        r.put("created_at", "2020-01-01T00:00:0" + id.charAt(id.length() - 6) + "Z");
        r.put("completed_at", "2020-01-01T00:00:30Z");
        return r;
    }

    private static Map<String, Object> nullValued(String field) {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put(field, null);
        return m;
    }

    private static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.path("backups").forEach(b -> out.add(b.path("id").asText()));
        return out;
    }
}
