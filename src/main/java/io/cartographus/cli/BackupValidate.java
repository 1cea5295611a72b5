package io.cartographus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.engine.Engine;
import io.cartographus.catalog.BackupId;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.validate.CheckOutcome;
import io.cartographus.validate.ValidationReport;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "validate", description = "Run the four checks on a backup; exit code 3 when it is not valid.")
final class BackupValidate extends BackupVerb {
    @Parameters(paramLabel = "ID") String id;

    BackupValidate(Wiring wiring) {
        super(wiring);
    }

    @Override
    int api(ApiClient client) throws IOException {
        return show(client.post("/api/v1/backup/validate/" + BackupId.require(id), java.util.Map.of()));
    }

    @Override
    int offline(Engine engine) throws IOException {
        var r = engine.catalog().get(BackupId.require(id))
                .orElseThrow(() -> new BackupException(ErrorKind.NOT_FOUND, "backup " + id + " not found"));
        ValidationReport report = engine.verifier().validate(r);
        CheckOutcome.record(engine.catalog(), r.id(), report, Instant.now().truncatedTo(ChronoUnit.SECONDS), "validate");
        return show(tree(report));
    }

    private int show(JsonNode v) throws IOException {
        if (connection.json) {
            print(v);
        } else {
            for (String k : new String[] {"checksum_valid", "archive_readable", "files_complete", "database_valid"}) {
                out.printf("%-17s %s%n", k, v.path(k).asBoolean() ? "ok" : "FAILED");
            }
            v.path("errors").forEach(e -> out.println("error:   " + e.asText()));
            v.path("warnings").forEach(w -> out.println("warning: " + w.asText()));
            out.println(v.path("valid").asBoolean() ? "backup " + id + " is valid"
                    : v.path("damaged").asBoolean() ? "backup " + id + " is NOT valid: damaged, marked corrupted"
                    : "backup " + id + " could not be checked");
        }
        return v.path("valid").asBoolean() ? ExitCodes.OK : ExitCodes.INVALID;
    }
}
