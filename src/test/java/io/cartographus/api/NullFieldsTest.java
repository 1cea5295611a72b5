package io.cartographus.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A JSON null is a wrong type like any other, on every route that takes a body: it is never read as
 * "the default" ({@code {"validate_only": null}} must not restore, {@code {"type": null}} must not back up).
 */
class NullFieldsTest {
    private static final String TOKEN = "null-fields-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    private static RunningServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = new RunningServer(tmp.resolve("data"), Map.of("CARTOGRAPHUS_ADMIN_TOKEN", TOKEN));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "/api/v1/backup/create                       | {\"type\": null}",
        "/api/v1/backup/create                       | {\"notes\": null}",
        "/api/v1/backup/create                       | {\"type\": \"full\", \"notes\": null}",
        "/api/v1/backup/restore/latest               | {\"validate_only\": null}",
        "/api/v1/backup/restore/latest               | {\"create_pre_restore_backup\": null, \"validate_only\": true}",
        "/api/v1/backup/restore/latest               | {\"stop_services\": null}",
        "/api/v1/backup/restore/latest               | {\"restore_database\": null}",
        "/api/v1/backup/restore/latest               | {\"restore_config\": null}",
        "/api/v1/backup/restore/latest               | {\"force_restore\": null}",
        "/api/v1/backup/restore/latest               | {\"verify_after_restore\": null}",
        "/api/v1/backup/restore/20260101-020000-full | {\"validate_only\": null}",
        "/api/v1/backup/validate/20260101-020000-full | {\"deep\": null}",
        "/api/v1/backup/retention/apply              | {\"dry_run\": null}",
        "/api/v1/sync                                | [{\"id\": null, \"user_id\": 1, \"started_at\": \"2026-01-01T00:00:00Z\", \"stopped_at\": \"2026-01-01T00:01:00Z\"}]",
        "/api/v1/sync                                | [{\"id\": \"a\", \"user_id\": null, \"started_at\": \"2026-01-01T00:00:00Z\", \"stopped_at\": \"2026-01-01T00:01:00Z\"}]",
        "/api/v1/sync                                | [{\"id\": \"a\", \"user_id\": 1, \"started_at\": null, \"stopped_at\": \"2026-01-01T00:01:00Z\"}]",
        "/api/v1/sync                                | null"})
    void a_null_field_is_a_400_and_changes_nothing(String path, String body) throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(res.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(error.path("message").asText()).isNotBlank();
        try (var files = Files.list(tmp.resolve("data/backups"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("backup-"));
        }
    }
}
