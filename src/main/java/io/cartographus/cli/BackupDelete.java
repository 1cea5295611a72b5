package io.cartographus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.engine.Engine;
import io.cartographus.catalog.BackupId;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete", description = "Delete a backup: its archive, checksum, sidecar and record.")
final class BackupDelete extends BackupVerb {
    @Parameters(paramLabel = "ID") String id;

    @Option(names = {"--yes", "-y"}, description = "Do not ask (in a terminal the backup is shown and confirmed first)") boolean yes;

    BackupDelete(Wiring wiring) {
        super(wiring);
    }

    @Override
    int api(ApiClient client) throws IOException {
        if (!confirmed(client.get("/api/v1/backup/" + BackupId.require(id)))) {
            return ExitCodes.FAILURE;
        }
        client.delete("/api/v1/backup/" + BackupId.require(id));
        out.println("deleted " + id);
        return ExitCodes.OK;
    }

    @Override
    int offline(Engine engine) throws IOException {
        JsonNode record = tree(engine.catalog().get(BackupId.require(id))
                .orElseThrow(() -> new BackupException(ErrorKind.NOT_FOUND, "backup " + id + " not found")));
        if (!confirmed(record)) {
            return ExitCodes.FAILURE;
        }
        engine.backups().delete(BackupId.require(id));
        out.println("deleted " + id);
        return ExitCodes.OK;
    }

    private boolean confirmed(JsonNode r) throws IOException {
        err.println("delete " + r.path("id").asText() + " (" + r.path("type").asText() + ", " + r.path("status").asText() + ", taken "
                + r.path("created_at").asText() + ", " + r.path("record_count").asLong() + " records, "
                + Human.size(r.path("size_bytes").asLong()) + "): its archive, checksum, sidecar and record");
        if (!Confirmation.needed(yes) || Confirmation.ask(err)) {
            return true;
        }
        err.println("cancelled: nothing was deleted");
        return false;
    }
}
