package io.cartographus.cli;

import io.cartographus.engine.Engine;
import io.cartographus.backup.BackupRequest;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Trigger;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "create", description = "Create a backup (full, database or config) and wait for it.")
final class BackupCreate extends BackupVerb {
    @Option(names = "--type", defaultValue = "full", description = "full, database or config (default: ${DEFAULT-VALUE})")
    String type;

    @Option(names = "--notes", description = "Free text, at most 500 characters")
    String notes;

    BackupCreate(Wiring wiring) {
        super(wiring);
    }

    private BackupType type() {
        BackupType t = BackupType.parse(type);
        if (t == null) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "unknown type '" + type + "'; valid types: " + BackupType.validLabels());
        }
        return t;
    }

    @Override
    int api(ApiClient client) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type().label());
        if (notes != null) {
            body.put("notes", notes);
        }
        if (!connection.json) {
            err.println("creating a " + type + " backup on the server…");
        }
        com.fasterxml.jackson.databind.JsonNode r;
        try (ProgressHandle ticker = Ticker.start("backing up", connection.json, err, () -> client.get("/api/v1/backup/status").path("progress"))) {
            r = client.post("/api/v1/backup/create", body);
        }
        report(r);
        return ExitCodes.OK;
    }

    @Override
    int offline(Engine engine) throws IOException {
        BackupType t = type();
        if (t.hasDatabase()) {
            openDatabase(engine);
        }
        if (!connection.json) {
            err.println("creating a " + t.label() + " backup of " + engine.database().file() + " (offline)…");
        }
        BackupRecord r;
        try (ProgressHandle ticker = Ticker.start("backing up", connection.json, err, () -> tree(engine.backups().lock().progress()))) {
            r = engine.backups().create(new BackupRequest(t, Trigger.MANUAL, notes));
        }
        report(tree(r));
        return ExitCodes.OK;
    }

    private void report(com.fasterxml.jackson.databind.JsonNode r) throws IOException {
        if (connection.json) {
            print(r);
        } else {
            out.println("backup " + r.path("id").asText() + " " + r.path("status").asText() + ": " + r.path("file_name").asText()
                    + ", " + Human.size(r.path("size_bytes").asLong()) + " in " + r.path("duration_ms").asLong() + " ms");
            out.println("sha256 " + r.path("checksum").asText());
        }
    }
}
