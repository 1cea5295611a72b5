package io.cartographus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.engine.Engine;
import java.io.IOException;
import picocli.CommandLine.Command;

@Command(name = "check", description = {"Read every chunk of the deduplicated store once and name the damaged ones and exactly "
        + "the backups that use them (those are marked corrupted); exit code 3 when anything is damaged or could not be checked."})
final class BackupCheck extends BackupVerb {
    BackupCheck(Wiring wiring) {
        super(wiring);
    }

    @Override
    int api(ApiClient client) throws IOException {
        return show(client.post("/api/v1/backup/check", java.util.Map.of()));
    }

    @Override
    int offline(Engine engine) throws IOException {
        return show(tree(engine.storeCheck().run()));
    }

    private int show(JsonNode v) throws IOException {
        boolean clean = v.path("damaged_chunks").isEmpty() && v.path("not_checked").isEmpty();
        if (connection.json) {
            print(v);
        } else {
            out.printf("checked %d chunk(s) of %d deduplicated backup(s), %,d bytes read in %d ms%n", v.path("chunks_checked").asInt(),
                    v.path("backups_checked").asInt(), v.path("bytes_read").asLong(), v.path("duration_ms").asLong());
            v.path("damaged_chunks").properties().forEach(e -> out.println("damaged:     " + e.getValue().asText()));
            v.path("affected_backups").properties().forEach(e -> {
                StringBuilder files = new StringBuilder();
                e.getValue().forEach(f -> files.append(files.isEmpty() ? "" : ", ").append(f.asText()));
                out.println("corrupted:   backup " + e.getKey() + " (uses " + files + ")");
            });
            v.path("not_checked").properties().forEach(e -> out.println("not checked: " + e.getKey() + ": " + e.getValue().asText()));
            out.println(clean ? "the chunk store is intact" : v.path("damaged_chunks").isEmpty() ? "some of the store could not be checked"
                    : "the chunk store has damaged chunks: the backups above are marked corrupted; the next backup writes a damaged "
                    + "chunk again if the database still holds its content");
        }
        return clean ? ExitCodes.OK : ExitCodes.INVALID;
    }
}
