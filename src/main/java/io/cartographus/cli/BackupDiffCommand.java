package io.cartographus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.engine.Engine;
import io.cartographus.catalog.BackupId;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", description = "Compare a backup's tables with the live database by primary key (changes nothing).")
final class BackupDiffCommand extends BackupVerb {
    @Parameters(paramLabel = "ID") String id;
    @Option(names = "--table", description = "List keys of this table that are only in the backup") String table;
    @Option(names = "--limit", defaultValue = "20", description = "How many keys to list (1-1000, default 20)") int limit;

    BackupDiffCommand(Wiring wiring) {
        super(wiring);
    }

    @Override
    int api(ApiClient client) throws IOException {
        String q = table == null ? "" : "?table=" + URLEncoder.encode(table, StandardCharsets.UTF_8) + "&limit=" + limit;
        show(client.get("/api/v1/backup/" + BackupId.require(id) + "/diff" + q));
        return ExitCodes.OK;
    }

    @Override
    int offline(Engine engine) throws IOException {
        openDatabase(engine);
        show(tree(engine.diff().compare(BackupId.require(id), table, limit)));
        return ExitCodes.OK;
    }

    private void show(JsonNode d) throws IOException {
        if (connection.json) {
            print(d);
            return;
        }
        out.println("backup " + d.path("backup_id").asText() + " (" + d.path("created_at").asText() + ") compared with the live database:");
        out.println(String.format("%-18s %12s %12s %15s %13s %9s", "table", "backup_rows", "live_rows", "only_in_backup", "only_in_live", "changed"));
        d.path("tables").fields().forEachRemaining(e -> {
            JsonNode t = e.getValue();
            out.println(String.format("%-18s %12d %12d %15d %13d %9d%s", e.getKey(), t.path("backup_rows").asLong(), t.path("live_rows").asLong(),
                    t.path("only_in_backup").asLong(), t.path("only_in_live").asLong(), t.path("changed").asLong(),
                    t.path("in_backup").asBoolean(true) ? "" : "  (not in the backup)"));
            t.path("columns_fit").forEach(p -> out.println("  does not fit: " + p.asText()));
            if (t.has("sample_only_in_backup")) {
                out.println("  keys only in the backup:");
                t.path("sample_only_in_backup").forEach(k -> out.println("    " + k.asText()));
            }
        });
    }
}
