package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup downloaded from one server imported into another: with curl, with the CLI through the API, and offline. */
class ImportIT {
    @TempDir
    Path tmp;

    /** Committed files only: a background check may be rewriting metadata.json through a temp file. */
    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".tmp")).sorted().toList();
        }
    }

    @Test
    void an_archive_from_another_server_is_uploaded_validated_and_restorable() throws Exception {
        Path download = tmp.resolve("download.tar.gz");
        try (AppProcess source = new AppProcess(tmp.resolve("source")).withAdminToken().start()) {
            assertThat(source.post("/api/v1/sync", AppProcess.ADMIN, Events.batch(90, 0)).status()).isEqualTo(200);
            String id = source.post("/api/v1/backup/create", AppProcess.ADMIN, Map.of("type", "full")).json().path("id").asText();
            Files.write(download, source.get("/api/v1/backup/download/" + id, AppProcess.ADMIN).body());
        }
        Path data = tmp.resolve("target");
        Path backups = data.resolve("backups");
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            Map<String, String> env = Map.of("URL", app.baseUrl().replaceAll("/$", ""), "TOKEN", AppProcess.ADMIN, "F", download.toString());
            // curl -T streams the file (no copy in memory on either side).
            String out = Sh.ok(tmp, env, "curl -sf -X POST \"$URL/api/v1/backup/upload\" -H \"Authorization: Bearer $TOKEN\" "
                    + "-H 'Content-Type: application/octet-stream' -T \"$F\" -D headers.txt");
            JsonNode r = AppProcess.JSON.readTree(out);
            String id = r.path("id").asText();
            assertThat(r.path("status").asText()).isEqualTo("completed");
            assertThat(r.path("verification").path("status").asText()).isEqualTo("passed");
            assertThat(r.path("notes").asText()).startsWith("imported from ");
            assertThat(Files.readString(tmp.resolve("headers.txt"))).contains(" 201").containsIgnoringCase("location: /api/v1/backup/" + id);
            assertThat(names(backups)).contains("backup-" + id + ".tar.gz", "backup-" + id + ".sha256", "backup-" + id + ".json")
                    .noneMatch(n -> n.startsWith(".tmp-"));
            Sh.ok(backups, Map.of(), "sha256sum -c backup-" + id + ".sha256");
            assertThat(Files.readString(data.resolve("audit.log"))).contains("\"action\":\"backup.upload\"").contains("\"target\":\"" + id + "\"");
            AppProcess.CliResult audit = AppProcess.cli(new HashMap<>(app.env), "audit", "--action", "backup.upload");
            assertThat(audit.exit()).as("the audit log is readable while the server runs: " + audit.err()).isZero();
            assertThat(audit.out()).contains(id).contains("success");

            // The same bytes again (curl's default Content-Type this time): a duplicate.
            String dup = Sh.ok(tmp, env, "curl -s -X POST \"$URL/api/v1/backup/upload\" -H \"Authorization: Bearer $TOKEN\" "
                    + "--data-binary @\"$F\" -w '\\n%{http_code}'");
            assertThat(dup).endsWith("409");
            assertThat(AppProcess.JSON.readTree(dup.substring(0, dup.lastIndexOf('\n'))).path("duplicate_of").asText()).isEqualTo(id);

            // Damaged on the way: 422 with the validation report, nothing kept.
            List<String> before = names(backups);
            byte[] bytes = Files.readAllBytes(download);
            AppProcess.Response bad = app.call("POST", "/api/v1/backup/upload", AppProcess.ADMIN,
                    Arrays.copyOf(bytes, bytes.length - 100), "application/gzip");
            assertThat(bad.status()).as(bad.text()).isEqualTo(422);
            assertThat(bad.json().path("valid").asBoolean()).isFalse();
            assertThat(bad.json().path("errors").toString()).contains("truncated");
            assertThat(names(backups)).isEqualTo(before);

            // A hostile archive over HTTP.
            AppProcess.Response hostile = app.call("POST", "/api/v1/backup/upload", AppProcess.ADMIN, climbingOut(), null);
            assertThat(hostile.status()).isEqualTo(422);
            assertThat(hostile.json().path("errors").toString()).contains("'..' segment");
            assertThat(names(backups)).isEqualTo(before);
            assertThat(tmp.resolve("escaped")).doesNotExist();

            Map<String, String> cli = new HashMap<>(app.env);
            AppProcess.CliResult op = AppProcess.cli(cli, "token", "create", "--role", "operator", "--name", "ops");
            assertThat(app.call("POST", "/api/v1/backup/upload", op.out().strip(), bytes, null).status()).isEqualTo(403);

            AppProcess.Response restored = app.post("/api/v1/backup/restore/" + id, AppProcess.ADMIN, Map.of());
            assertThat(restored.status()).as(restored.text()).isEqualTo(200);
            assertThat(app.get("/api/v1/stats", AppProcess.ADMIN).json().path("total_playbacks").asLong()).isEqualTo(90);
        }
    }

    @Test
    void the_cli_imports_through_the_server_or_offline() throws Exception {
        Path file;
        Path data = tmp.resolve("data");
        String first;
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            assertThat(app.post("/api/v1/sync", AppProcess.ADMIN, Events.batch(40, 0)).status()).isEqualTo(200);
            JsonNode b = app.post("/api/v1/backup/create", AppProcess.ADMIN, Map.of("type", "database")).json();
            first = b.path("id").asText();
            file = tmp.resolve("elsewhere.tar.gz");
            Files.copy(data.resolve("backups").resolve(b.path("file_name").asText()), file);
            Map<String, String> env = new HashMap<>(Map.of("DATA_DIR", data.toString(), "CARTOGRAPHUS_TOKEN", AppProcess.ADMIN));
            AppProcess.CliResult dup = AppProcess.cli(env, "backup", "import", file.toString());
            assertThat(dup.exit()).as(dup.out() + dup.err()).isEqualTo(3);
            assertThat(dup.err()).contains("NOT imported").contains("already backup " + first);
            AppProcess.CliResult missing = AppProcess.cli(env, "backup", "import", tmp.resolve("nope.tar.gz").toString());
            assertThat(missing.exit()).isEqualTo(4);
        }
        // Another server's copy of the same data: delete ours, then import it offline.
        Map<String, String> env = new HashMap<>(Map.of("DATA_DIR", data.toString(), "BACKUP_SCHEDULE_ENABLED", "false"));
        AppProcess.CliResult del = AppProcess.cli(env, "backup", "delete", first);
        assertThat(del.exit()).as(del.out() + del.err()).isZero();
        AppProcess.CliResult imported = AppProcess.cli(env, "backup", "import", file.toString(), "--json");
        assertThat(imported.exit()).as(imported.out() + imported.err()).isZero();
        JsonNode r = AppProcess.JSON.readTree(imported.out());
        assertThat(r.path("notes").asText()).isEqualTo("imported from " + first);
        assertThat(r.path("verification").path("status").asText()).isEqualTo("passed");
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            assertThat(app.get("/api/v1/backup/" + r.path("id").asText(), AppProcess.ADMIN).status()).isEqualTo(200);
            Map<String, String> api = new HashMap<>(Map.of("DATA_DIR", data.toString(), "CARTOGRAPHUS_TOKEN", AppProcess.ADMIN));
            Path other = tmp.resolve("truncated.tar.gz");
            byte[] bytes = Files.readAllBytes(file);
            Files.write(other, Arrays.copyOf(bytes, bytes.length / 2));
            AppProcess.CliResult refused = AppProcess.cli(api, "backup", "import", other.toString());
            assertThat(refused.exit()).isEqualTo(3);
            assertThat(refused.err()).contains("truncated");
        }
    }

    /** A gzipped tar whose first entry climbs out of wherever it would be unpacked. */
    private static byte[] climbingOut() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes); TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            byte[] content = "pwned".getBytes();
            TarArchiveEntry e = new TarArchiveEntry("../../escaped", TarArchiveEntry.LF_NORMAL, true);
            e.setSize(content.length);
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
