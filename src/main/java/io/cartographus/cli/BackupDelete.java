package io.cartographus.cli;

import io.cartographus.engine.Engine;
import io.cartographus.catalog.BackupId;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "delete", description = "Delete a backup: its archive, checksum, sidecar and record.")
final class BackupDelete extends BackupVerb {
    @Parameters(paramLabel = "ID") String id;

    BackupDelete(Wiring wiring) {
        super(wiring);
    }

    @Override
    int api(ApiClient client) throws IOException {
        client.delete("/api/v1/backup/" + BackupId.require(id));
        out.println("deleted " + id);
        return ExitCodes.OK;
    }

    @Override
    int offline(Engine engine) throws IOException {
        engine.backups().delete(BackupId.require(id));
        out.println("deleted " + id);
        return ExitCodes.OK;
    }
}
