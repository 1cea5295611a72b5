package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail of docs/design.md §8 with the real jar: one line per audited action, each with time, token name,
 * role, action, target, outcome and remote address; the API and both CLI modes show the same lines.
 */
class AuditIT {
    @TempDir
    Path tmp;

    @Test
    void every_audited_action_leaves_exactly_one_complete_line() throws Exception {
        Path data = tmp.resolve("data");
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            String admin = AppProcess.ADMIN;
            Map<String, String> env = new HashMap<>(app.env);
            String operator = AppProcess.cli(env, "token", "create", "--role", "operator", "--name", "ops").out().strip();
            String viewer = AppProcess.cli(env, "token", "create", "--role", "viewer", "--name", "grafana").out().strip();

            assertThat(app.post("/api/v1/sync", operator, Events.batch(25, 0)).status()).isEqualTo(200);
            String id = app.post("/api/v1/backup/create", operator, Map.of("type", "full")).json().path("id").asText();
            assertThat(app.post("/api/v1/backup/validate/" + id, operator, null).status()).isEqualTo(200);
            assertThat(app.get("/api/v1/backup/download/" + id, admin).status()).isEqualTo(200);
            AppProcess.Response restored = app.post("/api/v1/backup/restore/" + id, admin, Map.of("create_pre_restore_backup", false));
            assertThat(restored.status()).as(restored.text()).isEqualTo(200);
            String other = app.post("/api/v1/backup/create", operator, Map.of("type", "config")).json().path("id").asText();
            assertThat(app.call("DELETE", "/api/v1/backup/" + other, admin, null, null).status()).isEqualTo(200);
            assertThat(app.get("/api/v1/backup/list", "cgr_this-token-does-not-exist").status()).isEqualTo(401);
            assertThat(app.get("/api/v1/backup/list", null).status()).isEqualTo(401);
            assertThat(app.post("/api/v1/backup/create", viewer, Map.of()).status()).isEqualTo(403);
            // A refused action is audited as a failure, with the status.
            assertThat(app.post("/api/v1/backup/validate/20200101-000000-full", operator, null).status()).isEqualTo(404);
            List<String> expected = new ArrayList<>(List.of("sync", "backup.create", "backup.validate", "backup.download",
                    "backup.restore", "backup.create", "backup.delete", "auth.rejected", "auth.rejected", "auth.forbidden",
                    "backup.validate"));
            boolean retention = app.post("/api/v1/backup/retention/apply", null, null).status() != 404;
            if (retention) {
                assertThat(app.post("/api/v1/backup/retention/apply", admin, null).status()).isEqualTo(200);
                expected.addAll(List.of("auth.rejected", "retention.apply"));
            }
            boolean upload = app.post("/api/v1/backup/upload", null, null).status() != 404;
            if (upload) {
                byte[] archive = app.get("/api/v1/backup/download/" + id, admin).body();
                expected.add("auth.rejected");
                expected.add("backup.download");
                app.call("POST", "/api/v1/backup/upload", admin, archive, "application/gzip");
                expected.add("backup.upload");
            }

            List<JsonNode> lines = new ArrayList<>();
            for (String l : Files.readAllLines(data.resolve("audit.log"), StandardCharsets.UTF_8)) {
                lines.add(AppProcess.JSON.readTree(l));
            }
            assertThat(lines).extracting(n -> n.path("action").asText()).containsExactlyElementsOf(expected);
            for (JsonNode n : lines) {
                assertThat(n.path("time").asText()).as(n.toString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
                assertThat(n.path("remote_address").asText()).as(n.toString()).isEqualTo("127.0.0.1");
                assertThat(n.has("target")).isTrue();
                assertThat(n.has("detail")).isTrue();
            }
            assertLine(lines.get(0), "ops", "operator", "sync", "25 events", "success");
            assertLine(lines.get(1), "ops", "operator", "backup.create", id, "success");
            assertLine(lines.get(2), "ops", "operator", "backup.validate", id, "success");
            assertLine(lines.get(3), "env-admin", "admin", "backup.download", id, "success");
            assertLine(lines.get(4), "env-admin", "admin", "backup.restore", id, "success");
            assertLine(lines.get(5), "ops", "operator", "backup.create", other, "success");
            assertLine(lines.get(6), "env-admin", "admin", "backup.delete", other, "success");
            assertLine(lines.get(7), null, null, "auth.rejected", "read", "rejected");
            assertLine(lines.get(8), null, null, "auth.rejected", "read", "rejected");
            assertLine(lines.get(9), "grafana", "viewer", "auth.forbidden", "backup.create", "denied");
            assertLine(lines.get(10), "ops", "operator", "backup.validate", "20200101-000000-full", "failure");
            assertThat(lines.get(10).path("detail").asText()).contains("404");
            if (retention) {
                assertLine(lines.get(12), "env-admin", "admin", "retention.apply", lines.get(12).path("target").asText(null), "success");
            }
            if (upload) {
                assertThat(lines.get(lines.size() - 1).path("token_name").asText()).isEqualTo("env-admin");
            }
            String log = Files.readString(data.resolve("audit.log"));
            assertThat(log).doesNotContain(admin).doesNotContain(operator).doesNotContain(viewer).doesNotContain("cgr_this-token");

            // The API pages the same entries, newest first, and filters by action.
            JsonNode api = app.get("/api/v1/audit?limit=1000", admin).json();
            assertThat(api.path("total").asInt()).isEqualTo(lines.size());
            assertThat(api.path("skipped_lines").asInt()).isZero();
            for (int i = 0; i < lines.size(); i++) {
                assertThat(api.path("entries").get(i)).isEqualTo(lines.get(lines.size() - 1 - i));
            }
            JsonNode rejected = app.get("/api/v1/audit?action=auth.rejected&limit=1&offset=1", admin).json();
            assertThat(rejected.path("total").asInt()).isEqualTo((int) expected.stream().filter("auth.rejected"::equals).count());
            assertThat(rejected.path("entries").size()).isEqualTo(1);
            assertThat(app.get("/api/v1/audit", operator).status()).isEqualTo(403);
            assertThat(app.get("/api/v1/audit?limit=0", admin).status()).isEqualTo(400);

            // The CLI: API mode with --server, and offline (the default) reading the file; same JSON.
            AppProcess.CliResult viaApi = AppProcess.cli(env, "audit", "--server", app.baseUrl(), "--token", admin, "--json", "--limit", "5");
            assertThat(viaApi.exit()).as(viaApi.err()).isZero();
            AppProcess.CliResult offline = AppProcess.cli(env, "audit", "--json", "--limit", "5");
            assertThat(offline.exit()).as(offline.err()).isZero();
            JsonNode fromApi = AppProcess.JSON.readTree(viaApi.out());
            JsonNode fromFile = AppProcess.JSON.readTree(offline.out());
            assertThat(fromApi.path("entries").size()).isEqualTo(5);
            assertThat(fromFile).isEqualTo(fromApi);
            AppProcess.CliResult text = AppProcess.cli(env, "audit", "--server", app.baseUrl(), "--token", admin, "--action", "backup.delete");
            assertThat(text.out()).contains("backup.delete").contains(other).contains("env-admin").contains("1 entry");
            AppProcess.CliResult denied = AppProcess.cli(env, "audit", "--server", app.baseUrl(), "--token", viewer);
            assertThat(denied.exit()).isNotZero();
            assertThat(denied.err()).contains("admin");
        }
    }

    private static void assertLine(JsonNode n, String token, String role, String action, String target, String outcome) {
        assertThat(n.path("token_name").isNull() ? null : n.path("token_name").asText()).as(n.toString()).isEqualTo(token);
        assertThat(n.path("role").isNull() ? null : n.path("role").asText()).as(n.toString()).isEqualTo(role);
        assertThat(n.path("action").asText()).as(n.toString()).isEqualTo(action);
        assertThat(n.path("target").isNull() ? null : n.path("target").asText()).as(n.toString()).isEqualTo(target);
        assertThat(n.path("outcome").asText()).as(n.toString()).isEqualTo(outcome);
    }
}
