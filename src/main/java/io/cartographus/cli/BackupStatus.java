package io.cartographus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.engine.Engine;
import java.io.IOException;
import picocli.CommandLine.Command;

@Command(name = "status", description = "The backup system's status (the API's backup/status).")
final class BackupStatus extends BackupVerb {
    BackupStatus(Wiring wiring) {
        super(wiring);
    }

    @Override
    int api(ApiClient client) throws IOException {
        show(client.get("/api/v1/backup/status"));
        return ExitCodes.OK;
    }

    @Override
    int offline(Engine engine) throws IOException {
        var all = engine.catalog().all();
        var node = json.createObjectNode();
        node.put("enabled", engine.config().backup().enabled());
        node.put("scheduler_running", false);
        node.set("last_backup", all.isEmpty() ? json.nullNode() : tree(all.get(0)));
        node.putNull("next_scheduled");
        var stats = node.putObject("stats");
        long completed = all.stream().filter(b -> b.isCompleted()).count();
        long failed = all.stream().filter(b -> b.status() == io.cartographus.catalog.BackupStatus.FAILED).count();
        stats.put("total_count", all.size());
        stats.put("total_size_bytes", all.stream().mapToLong(b -> b.sizeBytes()).sum());
        stats.put("success_rate", completed + failed == 0 ? 0.0 : (double) completed / (completed + failed));
        node.put("mode", "offline (no server running on this data directory)");
        show(node);
        return ExitCodes.OK;
    }

    private void show(JsonNode s) throws IOException {
        if (connection.json) {
            print(s);
            return;
        }
        out.println("enabled:           " + s.path("enabled").asText());
        out.println("scheduler running: " + s.path("scheduler_running").asText());
        out.println("next scheduled:    " + s.path("next_scheduled").asText("-"));
        JsonNode last = s.path("last_backup");
        out.println("last backup:       " + (last.isObject() ? last.path("id").asText() + " (" + last.path("status").asText() + ")" : "none"));
        JsonNode st = s.path("stats");
        out.println("backups:           " + st.path("total_count").asText() + ", " + Human.size(st.path("total_size_bytes").asLong())
                + ", success rate " + st.path("success_rate").asText());
        if (s.has("running") && !s.path("running").isNull()) {
            out.println("running now:       " + s.path("running").asText());
        }
    }
}
