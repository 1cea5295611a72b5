package io.cartographus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.engine.Engine;
import java.io.IOException;
import java.util.Locale;
import picocli.CommandLine.Command;

@Command(name = "drill", description = {"Restore drill: fetch the newest backup with a database (from the off-site bucket when "
        + "BACKUP_OFFSITE_URL is set, else from BACKUP_DIR), restore it into a scratch directory (never the live database), "
        + "check it against its manifest and report how long recovery took; exit code 3 when the drill failed."})
final class BackupDrill extends BackupVerb {
    BackupDrill(Wiring wiring) {
        super(wiring);
    }

    @Override
    int api(ApiClient client) throws IOException {
        return show(client.post("/api/v1/backup/drill", java.util.Map.of()));
    }

    @Override
    int offline(Engine engine) throws IOException {
        return show(tree(engine.drill().runNow()));
    }

    private int show(JsonNode v) throws IOException {
        boolean passed = v.path("passed").asBoolean();
        if (connection.json) {
            print(v);
        } else {
            out.println((passed ? "drill passed: " : "drill FAILED: ") + v.path("message").asText());
            out.printf(Locale.ROOT, "backup %s from %s, recovery took %.1f s%n", v.path("backup_id").asText("(none)"),
                    v.path("source").asText(), v.path("duration_ms").asLong() / 1000.0);
        }
        return passed ? ExitCodes.OK : ExitCodes.INVALID;
    }
}
