package io.cartographus.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cartographus.catalog.BackupId;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Trigger;
import io.cartographus.restore.RestoreResponse;
import io.cartographus.validate.ValidationReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The OpenAPI document against the routes the real server registers and the JSON our records produce. */
class OpenApiDocumentTest {
    /**
     * Documented here while other branches add them (docs/design.md §8); once registered they are checked like
     * every other route, and this set should become empty.
     */
    private static final Set<String> DOCUMENTED_AHEAD = Set.of();

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final OpenApiDocument doc = OpenApiDocument.fromClasspath();

    @TempDir
    Path tmp;

    @Test
    void every_registered_route_is_documented_and_every_documented_route_is_registered() throws Exception {
        List<String> registered;
        try (RunningServer server = new RunningServer(tmp.resolve("data"), Map.of())) {
            registered = server.routes();
        }
        assertThat(registered).as("the route list must come from the live router").contains("GET /api/v1/backup/list", "GET /metrics");
        Set<String> documented = doc.operations();
        List<String> missing = registered.stream().filter(r -> !documented.contains(r)).sorted().toList();
        assertThat(missing).as("routes the server registers but openapi.yaml does not describe").isEmpty();
        List<String> phantom = documented.stream().filter(d -> !registered.contains(d) && !DOCUMENTED_AHEAD.contains(d)).toList();
        assertThat(phantom).as("operations in openapi.yaml that the server does not register").isEmpty();
    }

    @Test
    void the_document_is_served_as_yaml_without_a_token() throws Exception {
        try (RunningServer server = new RunningServer(tmp.resolve("data"), Map.of())) {
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/openapi.yaml")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
            assertThat(OpenApiDocument.parse(r.body()).operations()).isEqualTo(doc.operations());
        }
    }

    @Test
    void the_document_is_openapi_3_0_and_every_ref_resolves() {
        JsonNode root = doc.root();
        assertThat(root.path("openapi").asText()).startsWith("3.0.");
        assertThat(root.path("components").path("securitySchemes").path("bearer").path("scheme").asText()).isEqualTo("bearer");
        List<String> broken = new ArrayList<>();
        refs(root, "", broken, root);
        assertThat(broken).as("$refs that point nowhere").isEmpty();
    }

    private static void refs(JsonNode node, String where, List<String> broken, JsonNode root) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("$ref")) {
                    String ref = f.getValue().asText();
                    if (!ref.startsWith("#/") || root.at(ref.substring(1)).isMissingNode()) {
                        broken.add(where + " -> " + ref);
                    }
                } else {
                    refs(f.getValue(), where + "/" + f.getKey(), broken, root);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refs(node.get(i), where + "/" + i, broken, root);
            }
        }
    }

    @Test
    void every_operation_behind_a_token_names_its_role_and_documents_401_and_403() {
        List<String> problems = new ArrayList<>();
        for (String op : doc.operations()) {
            String[] mp = op.split(" ", 2);
            JsonNode o = doc.operation(mp[0], mp[1]);
            boolean open = o.has("security") && o.get("security").isEmpty();
            if (open) {
                continue;
            }
            if (!o.path("x-role").isTextual()) {
                problems.add(op + ": no x-role");
            }
            for (String status : List.of("401", "403", "500")) {
                if (!o.path("responses").has(status)) {
                    problems.add(op + ": no " + status);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void every_id_in_a_path_carries_the_backup_id_pattern() {
        Set<String> withId = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.root().path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (p.getKey().contains("{id}")) {
                withId.add(p.getKey());
                assertThat(p.getValue().path("parameters").toString()).as(p.getKey()).contains("#/components/parameters/BackupId");
            }
        }
        assertThat(withId).hasSize(5);
    }

    @Test
    void every_json_response_schema_resolves_and_refuses_a_stranger() {
        List<String> accepting = new ArrayList<>();
        int checked = 0;
        for (String op : doc.operations()) {
            String[] mp = op.split(" ", 2);
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.operation(mp[0], mp[1]).path("responses").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> r = it.next();
                JsonNode resp = r.getValue().has("$ref") ? doc.root().at(r.getValue().get("$ref").asText().substring(1)) : r.getValue();
                if (!resp.path("content").has("application/json")) {
                    continue;
                }
                int status = Integer.parseInt(r.getKey());
                ObjectNode stranger = JSON.createObjectNode().put("unexpected", 1);
                if (doc.check(mp[0], mp[1], status, stranger).isEmpty()) {
                    accepting.add(op + " " + status);
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(80);
        assertThat(accepting).as("response schemas that accept any object").isEmpty();
    }

    @Test
    void every_object_schema_with_properties_refuses_unknown_fields() {
        List<String> open = new ArrayList<>();
        objects(doc.root().path("components").path("schemas"), "#/components/schemas", open);
        assertThat(open).as("object schemas without additionalProperties: false").isEmpty();
    }

    private static void objects(JsonNode node, String where, List<String> open) {
        if (node.isObject()) {
            if (node.has("properties") && !node.path("additionalProperties").equals(BooleanNode.FALSE)) {
                open.add(where);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                objects(f.getValue(), where + "/" + f.getKey(), open);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                objects(node.get(i), where + "/" + i, open);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"20260101-020000-full", "20260102-143025-pre-restore", "20260102-143025-pre-sync-2",
            "20260101-020000-database-999999", "20260101-020000-config", "latest", "20260101-020000-full-0",
            "20260101-020000-full-1000000", "20260101-020000-other", "../../etc/passwd",
            "2026010-020000-full", "20260101-020000-FULL", ""})
    void the_documented_id_pattern_accepts_exactly_what_the_server_accepts(String candidate) {
        String pattern = doc.root().at("/components/schemas/BackupId/pattern").asText();
        assertThat(Pattern.compile(pattern).matcher(candidate).find()).isEqualTo(BackupId.isValid(candidate));
    }

    @Test
    void records_as_the_engine_writes_them_conform_and_an_unknown_field_does_not() {
        Instant t = Instant.parse("2026-01-01T02:00:00Z");
        BackupRecord started = BackupRecord.starting("20260101-020000-full", BackupType.FULL, Trigger.MANUAL, t, "Pre-upgrade backup", "1.0.0");
        BackupRecord done = started.completed(t.plusSeconds(3), "backup-20260101-020000-full.tar.gz", 1234, "ab".repeat(32),
                new BackupRecord.CompressionInfo("gzip", 6), new BackupRecord.EncryptionInfo("k1"), Map.of("playback_events", 120L),
                "v1.4.0", BackupRecord.Verification.pending());
        BackupRecord failed = started.failed(t.plusSeconds(1), "no space left on device");
        for (BackupRecord r : List.of(started, done, failed, done.withVerification(new BackupRecord.Verification("passed", t, null)),
                done.withOffsite(new BackupRecord.OffsiteState("uploaded", "s3://bucket/x", t, null)))) {
            assertThat(doc.checkSchema("BackupRecord", JSON.valueToTree(r))).as(r.toString()).isEmpty();
        }
        ObjectNode extra = JSON.valueToTree(done);
        extra.put("surprise", 1);
        assertThat(doc.checkSchema("BackupRecord", extra)).singleElement().asString().contains("surprise");
        ObjectNode wrongType = JSON.valueToTree(done);
        wrongType.put("size_bytes", "big");
        assertThat(doc.checkSchema("BackupRecord", wrongType)).isNotEmpty();
        ObjectNode missing = JSON.valueToTree(done);
        missing.remove("checksum");
        assertThat(doc.checkSchema("BackupRecord", missing)).isNotEmpty();
    }

    @Test
    void validation_reports_and_restore_responses_conform() {
        ValidationReport ok = new ValidationReport(true, true, true, true, true, List.of(), List.of("no database in a config backup"));
        assertThat(doc.checkSchema("ValidationReport", JSON.valueToTree(ok))).isEmpty();
        RestoreResponse restored = new RestoreResponse(true, "20260101-020000-full", "20260102-143025-pre-restore", true, true, 150000,
                45000, true, List.of(), List.of(), null, null,
                List.of(new io.cartographus.config.ConfigChange("BACKUP_SCHEDULE_ENABLED", "true", "false")), RestoreResponse.Outcome.RESTORED);
        assertThat(doc.checkSchema("RestoreResponse", JSON.valueToTree(restored))).isEmpty();
        RestoreResponse checked = new RestoreResponse(true, "20260101-020000-full", null, false, false, 0, 12, false, List.of(),
                List.of(), ok, null, null, RestoreResponse.Outcome.VALIDATED_ONLY);
        assertThat(doc.checkSchema("RestoreResponse", JSON.valueToTree(checked))).isEmpty();
        assertThat(doc.checkSchema("Error", JSON.valueToTree(ErrorResponses.body("NOT_FOUND", "backup x not found", null)))).isEmpty();
        io.cartographus.restore.tables.TableRestoreResponse tables = new io.cartographus.restore.tables.TableRestoreResponse(true,
                "20260101-020000-full", "20260102-143025-pre-restore", true, false, 21, 80, false, "merge",
                Map.of("users", 1L, "playback_events", 20L), List.of(), List.of(), RestoreResponse.Outcome.RESTORED);
        assertThat(doc.checkSchema("RestoreResponse", JSON.valueToTree(tables))).isEmpty();
        io.cartographus.diff.DiffReport diff = new io.cartographus.diff.DiffReport("20260101-020000-full", "2026-01-01T02:00:00Z",
                Map.of("users", new io.cartographus.diff.TableDiff(50, 59, 1, 10, 0, true, null, List.of("50"))), List.of());
        assertThat(doc.checkSchema("BackupDiff", JSON.valueToTree(diff))).isEmpty();
        assertThat(doc.checkSchema("Error", JSON.valueToTree(Map.of("error", Map.of("code", "BUSY"))))).isNotEmpty();
    }
}
