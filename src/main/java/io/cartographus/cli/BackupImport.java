package io.cartographus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.engine.Engine;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.restore.ImportOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = {"Import a backup archive made elsewhere (e.g. downloaded from another server) as a new backup.",
        "It is validated first (all four checks); an invalid or duplicate archive is refused (exit code 3) and nothing is kept.",
        "The file itself is only read."})
final class BackupImport extends BackupVerb {
    @Parameters(paramLabel = "FILE", description = "backup-<id>.tar.gz, .tar.zst or .tar, optionally .enc") Path file;

    BackupImport(Wiring wiring) {
        super(wiring);
    }

    @Override
    int api(ApiClient client) throws IOException {
        requireFile();
        try {
            return imported(client.upload("/api/v1/backup/upload", file.toAbsolutePath()));
        } catch (ApiClient.ApiError e) {
            if (e.status == 409 || e.status == 422) {
                // A refused archive is bad input (3), not a busy server (11).
                refused(e.body);
                return ExitCodes.INVALID;
            }
            throw e;
        }
    }

    @Override
    boolean mayCreateDataDir() {
        // Importing an archive is how a fresh machine gets its first backup.
        return true;
    }

    @Override
    int offline(Engine engine) throws IOException {
        requireFile();
        ImportOutcome o = engine.importer().importFile(file.toAbsolutePath());
        if (o.status() == ImportOutcome.Status.IMPORTED) {
            return imported(tree(o.record()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", Map.of("code", o.status() == ImportOutcome.Status.DUPLICATE ? "DUPLICATE" : "VALIDATION_FAILED",
                "message", o.message()));
        if (o.duplicateOf() != null) {
            body.put("duplicate_of", o.duplicateOf());
        }
        if (o.validation() != null) {
            body.putAll(json.convertValue(o.validation(), Map.class));
        }
        refused(tree(body));
        return ExitCodes.INVALID;
    }

    private void requireFile() {
        if (!Files.isRegularFile(file)) {
            throw new BackupException(ErrorKind.NOT_FOUND, "no such file: " + file);
        }
    }

    private int imported(JsonNode r) throws IOException {
        if (connection.json) {
            print(r);
        } else {
            out.println("imported " + file.getFileName() + " as backup " + r.path("id").asText() + " (" + r.path("type").asText()
                    + ", " + r.path("record_count").asLong() + " playback events, created " + r.path("created_at").asText()
                    + ", verification " + r.path("verification").path("status").asText("none") + ")");
            out.println(r.path("notes").asText());
        }
        return ExitCodes.OK;
    }

    private void refused(JsonNode body) throws IOException {
        if (connection.json) {
            print(body);
            return;
        }
        err.println("NOT imported: " + body.path("error").path("message").asText());
        body.path("errors").forEach(e -> err.println("error:   " + e.asText()));
        body.path("warnings").forEach(w -> err.println("warning: " + w.asText()));
    }
}
