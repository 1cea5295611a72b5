package io.cartographus.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.restore.tables.TableRequest;
import io.cartographus.restore.tables.TableRestore;
import io.cartographus.restore.tables.TableRestoreResponse;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** The table-restore branch of {@code POST /api/v1/backup/restore/…}: a body with {@code tables}. */
final class TableRestoreBody {
    /** Full-restore options that mean nothing when only tables are written into the open database (a table
     * restore has no plan to show: {@code backup diff} is its preview). */
    private static final List<String> NOT_FOR_TABLES = List.of("validate_only", "stop_services", "restore_database",
            "restore_config", "force_restore", "dry_run");

    private TableRestoreBody() {
    }

    /** {@code tables} as a list of strings, or null when absent. */
    static List<String> tables(JsonNode b) {
        JsonNode t = b.get("tables");
        if (t == null || t.isNull()) {
            return null;
        }
        if (!t.isArray()) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "field 'tables' must be an array of table names, such as [\"playback_events\", \"users\"]");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : t) {
            if (!n.isTextual()) {
                throw new BackupException(ErrorKind.INVALID_REQUEST, "field 'tables' must hold table names (strings), got " + n);
            }
            out.add(n.textValue());
        }
        return out;
    }

    static void run(Context ctx, Json json, TableRestore restore, String id, TableRequest request, JsonNode b) {
        for (String f : NOT_FOR_TABLES) {
            if (b.has(f)) {
                throw new BackupException(ErrorKind.INVALID_REQUEST, f + " does not apply to a table restore (the database stays open "
                        + "and the backup must validate); leave it out, or leave out tables for a full restore");
            }
        }
        TableRestoreResponse res = restore.restore(id, request,
                new TableRestore.Options(Json.bool(b, "create_pre_restore_backup"), Json.bool(b, "verify_after_restore")));
        Auth.target(ctx, res.backupId() + " tables " + request.tables());
        json.write(ctx, res.success() ? 200 : 500, res);
    }
}
