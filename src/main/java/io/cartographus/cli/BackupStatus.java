package io.cartographus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.engine.Engine;
import io.cartographus.catalog.BackupCounts;
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
        BackupCounts counts = BackupCounts.of(engine.catalog().all());
        var node = json.createObjectNode();
        node.put("enabled", engine.config().backup().enabled());
        node.put("scheduler_running", false);
        node.set("last_backup", counts.lastBackup() == null ? json.nullNode() : tree(counts.lastBackup()));
        node.set("last_success", counts.lastSuccess() == null ? json.nullNode() : tree(counts.lastSuccess()));
        node.putNull("next_scheduled");
        var stats = node.putObject("stats");
        stats.put("total_count", counts.total());
        stats.put("completed_count", counts.completed());
        stats.put("failed_count", counts.failed());
        stats.put("corrupted_count", counts.corrupted());
        stats.put("total_size_bytes", counts.sizeBytes());
        stats.set("success_rate", counts.successRate() == null ? json.nullNode() : json.getNodeFactory().numberNode(counts.successRate()));
        node.set("verification", tree(counts.verification()));
        node.put("mode", "offline (no server running on this data directory)");
        show(node);
        return ExitCodes.OK;
    }

    private void show(JsonNode s) throws IOException {
        if (connection.json) {
            print(s);
            return;
        }
        JsonNode db = s.path("database");
        if (db.isObject() && !db.path("open").asBoolean(true)) {
            out.println("LIVE DATABASE DOES NOT OPEN: " + db.path("reason").asText("unknown reason"));
            JsonNode good = s.path("last_success");
            out.println(good.isObject()
                    ? "  restore the latest good backup: cartographus backup restore " + good.path("id").asText()
                    : "  no completed database backup to restore from");
        }
        out.println("enabled:           " + s.path("enabled").asText());
        out.println("scheduler running: " + s.path("scheduler_running").asText());
        out.println("next scheduled:    " + Human.time(s.path("next_scheduled")));
        out.println("last backup:       " + described(s.path("last_backup")));
        out.println("last success:      " + described(s.path("last_success")));
        JsonNode st = s.path("stats");
        JsonNode rate = st.path("success_rate");
        out.println("backups:           " + st.path("total_count").asText() + ", " + Human.size(st.path("total_size_bytes").asLong())
                + ", success rate " + (rate.isNumber() ? Math.round(rate.asDouble() * 1000) / 10.0 + " %" : "- (none finished yet)"));
        long corrupted = st.path("corrupted_count").asLong();
        if (corrupted > 0) {
            out.println("CORRUPTED:         " + corrupted + " backup(s) failed their last check: cartographus backup list --status corrupted");
        }
        JsonNode v = s.path("verification");
        if (v.isObject()) {
            out.println("last checks:       " + v.path("passed").asLong() + " passed, " + v.path("failed").asLong() + " failed, "
                    + v.path("pending").asLong() + " pending");
        }
        JsonNode scrub = s.path("scrub");
        if (scrub.isObject()) {
            JsonNode last = scrub.path("last");
            out.println("scrub:             " + (!scrub.path("enabled").asBoolean() ? "off"
                    : last.isObject() ? "last run " + Human.time(last.path("started_at")) + ": " + last.path("checked").asInt()
                    + " checked, " + last.path("corrupted").asInt() + " corrupted" : "no run yet"));
        }
        if (s.has("last_drill")) {
            JsonNode d = s.path("last_drill");
            out.println("restore drill:     " + (d.isObject() ? (d.path("passed").asBoolean() ? "passed " : "FAILED ")
                    + Human.time(d.path("started_at")) + ", backup " + d.path("backup_id").asText("(none)") + " ("
                    + d.path("source").asText() + "), recovery " + String.format(java.util.Locale.ROOT, "%.1f s",
                    d.path("duration_ms").asLong() / 1000.0) : "none yet")
                    + (s.path("next_drill").isTextual() ? "; next " + Human.time(s.path("next_drill")) : "; scheduled drills off"));
        }
        if (s.has("running") && !s.path("running").isNull()) {
            out.println("running now:       " + s.path("running").asText());
        }
    }

    private static String described(JsonNode b) {
        return b.isObject() ? b.path("id").asText() + " (" + b.path("status").asText() + ", " + Human.time(b.path("created_at")) + ")" : "none";
    }
}
