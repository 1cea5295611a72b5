package io.cartographus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.engine.Engine;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.retention.Pruner;
import java.io.IOException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "prune", description = {"Apply the retention policy (BACKUP_RETENTION_*): delete the backups no rule keeps.",
        "--dry-run shows every decision with its reason and deletes nothing."})
final class BackupPrune extends BackupVerb {
    @Option(names = "--dry-run", description = "Show what would be deleted and why; change nothing")
    boolean dryRun;

    BackupPrune(Wiring wiring) {
        super(wiring);
    }

    @Override
    int api(ApiClient client) throws IOException {
        if (dryRun) {
            showPlan(client.get("/api/v1/backup/retention/preview"));
        } else {
            showResult(client.post("/api/v1/backup/retention/apply", Map.of()));
        }
        return ExitCodes.OK;
    }

    @Override
    int offline(Engine engine) throws IOException {
        Pruner pruner = engine.pruner();
        if (dryRun) {
            showPlan(tree(pruner.describe(pruner.preview())));
            return ExitCodes.OK;
        }
        try {
            // Also proves no server holds DATA_DIR; a retention backup may need the database.
            openDatabase(engine);
        } catch (BackupException e) {
            if (e.kind() == ErrorKind.BUSY) {
                throw e;
            }
            err.println("warning: " + e.getMessage() + " (pruning anyway; a retention backup of the database would fail)");
        }
        showResult(tree(pruner.apply().document()));
        return ExitCodes.OK;
    }

    private void showPlan(JsonNode plan) throws IOException {
        if (connection.json) {
            print(plan);
            return;
        }
        out.println("retention plan (" + plan.path("timezone").asText() + "), newest first:");
        plan.path("decisions").forEach(d -> out.printf("  %-32s %-7s %s%n", d.path("id").asText(),
                d.path("keep").asBoolean() ? "keep" : "DELETE", d.path("reason").asText()));
        plan.path("expired_failed").forEach(id -> out.println("  " + id.asText() + "  drop: failed record older than MAX_DAYS"));
        if (plan.path("needs_retention_backup").asBoolean()) {
            out.println("fewer than BACKUP_RETENTION_MIN_COUNT completed backups: apply takes a backup (trigger retention) first");
        }
        out.println(plan.path("to_delete").size() + " to delete (" + Human.size(plan.path("bytes_to_free").asLong()) + "), "
                + plan.path("to_keep").size() + " to keep" + (dryRun ? "; dry run, nothing changed" : ""));
    }

    private void showResult(JsonNode r) throws IOException {
        if (connection.json) {
            print(r);
            return;
        }
        if (r.path("retention_backup_id").isTextual()) {
            out.println("took backup " + r.path("retention_backup_id").asText() + " first (fewer than MIN_COUNT existed)");
        }
        r.path("deleted").forEach(id -> out.println("deleted " + id.asText()));
        r.path("dropped_failed").forEach(id -> out.println("dropped failed record " + id.asText()));
        r.path("skipped").forEach(s -> out.println("skipped " + s.asText()));
        out.println(r.path("deleted").size() + " backup(s) deleted, " + Human.size(r.path("freed_bytes").asLong()) + " freed, "
                + r.path("plan").path("to_keep").size() + " kept");
    }
}
