package io.cartographus.cli;

import io.cartographus.engine.Engine;
import io.cartographus.catalog.BackupId;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = "Show one backup's record.")
final class BackupShow extends BackupVerb {
    @Parameters(paramLabel = "ID") String id;

    BackupShow(Wiring wiring) {
        super(wiring);
    }

    @Override
    int api(ApiClient client) throws IOException {
        print(client.get("/api/v1/backup/" + BackupId.require(id)));
        return ExitCodes.OK;
    }

    @Override
    int offline(Engine engine) throws IOException {
        print(engine.catalog().get(BackupId.require(id))
                .orElseThrow(() -> new BackupException(ErrorKind.NOT_FOUND, "backup " + id + " not found")));
        return ExitCodes.OK;
    }
}
