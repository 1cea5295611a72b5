package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention preview and apply over HTTP and with the CLI, in API and offline mode. */
class RetentionIT {
    @TempDir
    Path tmp;

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.path("id").asText()));
        return out;
    }

    private static List<Path> filesOf(Path dir, String id) {
        return List.of(dir.resolve("backup-" + id + ".tar.gz"), dir.resolve("backup-" + id + ".sha256"),
                dir.resolve("backup-" + id + ".json"));
    }

    @Test
    void preview_lists_exactly_what_apply_deletes_and_the_files_are_gone() throws Exception {
        Path data = tmp.resolve("data");
        Path dir = data.resolve("backups");
        Map<String, String> env = new HashMap<>();
        env.put("DATA_DIR", data.toString());
        env.put("BACKUP_RETENTION_MAX_COUNT", "2");
        env.put("BACKUP_RETENTION_MIN_COUNT", "1");
        env.put("BACKUP_VERIFY", "false");
        AppProcess app = new AppProcess(data).withAdminToken();
        env.forEach(app::set);
        try (app) {
            app.start();
            String admin = AppProcess.ADMIN;
            assertThat(app.post("/api/v1/sync", admin, Events.batch(40, 0)).status()).isEqualTo(200);
            for (String type : List.of("database", "config", "full", "database")) {
                assertThat(app.post("/api/v1/backup/create", admin, Map.of("type", type)).status()).isEqualTo(200);
            }
            // Newest first, in the order retention uses (created_at, then id).
            JsonNode listed = app.get("/api/v1/backup/list", admin).json().path("backups");
            List<String> all = ids(listed);
            assertThat(all).hasSize(4);
            long oldBytes = listed.get(2).path("size_bytes").asLong() + listed.get(3).path("size_bytes").asLong();
            String viewer = AppProcess.cli(env, "token", "create", "--role", "viewer", "--name", "ro").out().strip();

            AppProcess.Response previewed = app.get("/api/v1/backup/retention/preview", viewer);
            assertThat(previewed.status()).as(previewed.text()).isEqualTo(200);
            JsonNode preview = previewed.json();
            assertThat(ids(preview.path("to_delete"))).containsExactly(all.get(2), all.get(3));
            assertThat(ids(preview.path("to_keep"))).containsExactly(all.get(0), all.get(1));
            assertThat(preview.path("policy").path("max_count").asInt()).isEqualTo(2);
            assertThat(preview.path("timezone").asText()).isNotEmpty();
            assertThat(preview.path("needs_retention_backup").asBoolean()).isFalse();
            assertThat(preview.path("bytes_to_free").asLong()).isEqualTo(oldBytes);
            assertThat(preview.path("decisions").get(3).path("reason").asText()).startsWith("deleted: ").contains("MAX_COUNT");
            assertThat(app.get("/api/v1/backup/" + all.get(3), admin).status()).as("previewing changes nothing").isEqualTo(200);

            assertThat(app.post("/api/v1/backup/retention/apply", viewer, null).status()).isEqualTo(403);
            assertThat(app.post("/api/v1/backup/retention/apply", admin, Map.of("force", true)).status()).isEqualTo(400);
            AppProcess.Response applied = app.post("/api/v1/backup/retention/apply", admin, null);
            assertThat(applied.status()).as(applied.text()).isEqualTo(200);
            JsonNode result = applied.json();
            assertThat(ids(result.path("deleted"))).isEqualTo(ids(preview.path("to_delete")));
            assertThat(result.path("freed_bytes").asLong()).isEqualTo(oldBytes);
            assertThat(ids(result.path("plan").path("to_delete"))).isEqualTo(ids(preview.path("to_delete")));
            for (String gone : List.of(all.get(2), all.get(3))) {
                assertThat(filesOf(dir, gone)).noneMatch(Files::exists);
                assertThat(app.get("/api/v1/backup/" + gone, admin).status()).isEqualTo(404);
            }
            assertThat(filesOf(dir, all.get(1))).allMatch(Files::exists);
            assertThat(Files.readString(dir.resolve("metadata.json"))).doesNotContain("\"" + all.get(3) + "\"");
            assertThat(Files.readString(data.resolve("audit.log"))).contains("\"retention.apply\"");
            assertThat(ids(app.get("/api/v1/backup/retention/preview", viewer).json().path("to_delete"))).isEmpty();

            // The CLI against the running server: a dry run changes nothing.
            assertThat(app.post("/api/v1/backup/create", admin, Map.of("type", "config")).status()).isEqualTo(200);
            Map<String, String> cliEnv = new HashMap<>(env);
            cliEnv.put("CARTOGRAPHUS_TOKEN", admin);
            AppProcess.CliResult dry = AppProcess.cli(cliEnv, "backup", "prune", "--dry-run", "--json");
            assertThat(dry.exit()).as(dry.err()).isZero();
            assertThat(ids(AppProcess.JSON.readTree(dry.out()).path("to_delete"))).containsExactly(all.get(1));
            AppProcess.CliResult text = AppProcess.cli(cliEnv, "backup", "prune", "--dry-run");
            assertThat(text.out()).contains(all.get(1) + " ", "DELETE", "1 to delete", "dry run, nothing changed");
            assertThat(filesOf(dir, all.get(1))).allMatch(Files::exists);
        }
        // Offline, with the server stopped. Logs share standard output, so keep them to warnings.
        env.put("CARTOGRAPHUS_LOG_LEVEL", "WARN");
        AppProcess.CliResult offline = AppProcess.cli(env, "backup", "prune", "--json");
        assertThat(offline.exit()).as(offline.err()).isZero();
        assertThat(ids(AppProcess.JSON.readTree(offline.out()).path("deleted"))).singleElement().satisfies(id ->
                assertThat(filesOf(dir, id)).noneMatch(Files::exists));
        assertThat(AppProcess.JSON.readTree(Files.readAllBytes(dir.resolve("metadata.json"))).path("backups").size()).isEqualTo(2);
    }
}
