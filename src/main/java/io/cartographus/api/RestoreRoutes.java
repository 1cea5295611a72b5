package io.cartographus.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.auth.Role;
import io.cartographus.error.ErrorKind;
import io.cartographus.restore.RestoreOptions;
import io.cartographus.restore.RestoreResponse;
import io.cartographus.restore.RestoreService;
import io.cartographus.restore.tables.TableRequest;
import io.cartographus.restore.tables.TableRestore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code POST /api/v1/backup/restore/{id}} and {@code /restore/latest}. */
final class RestoreRoutes {
    private static final Set<String> OPTIONS = Set.of("validate_only", "create_pre_restore_backup", "stop_services",
            "restore_database", "restore_config", "force_restore", "verify_after_restore", "dry_run", "tables", "mode");

    private final RestoreService restore;
    private final TableRestore tableRestore;

    RestoreRoutes(RestoreService restore, TableRestore tableRestore) {
        this.restore = restore;
        this.tableRestore = tableRestore;
    }

    void register(RoutesConfig r, Auth auth, Json json) {
        r.post("/api/v1/backup/restore/latest", ctx -> run(ctx, auth, json, "latest"));
        r.post("/api/v1/backup/restore/{id}", ctx -> run(ctx, auth, json, BackupRoutes.id(ctx)));
    }

    private void run(Context ctx, Auth auth, Json json, String id) {
        auth.require(ctx, Role.ADMIN, "backup.restore");
        Auth.target(ctx, id);
        JsonNode b = json.object(ctx, OPTIONS);
        TableRequest tables = TableRequest.parse(TableRestoreBody.tables(b), Json.text(b, "mode"));
        if (tables != null) {
            TableRestoreBody.run(ctx, json, tableRestore, id, tables, b);
            return;
        }
        RestoreOptions o = new RestoreOptions(Json.bool(b, "validate_only"), Json.bool(b, "create_pre_restore_backup"),
                Json.bool(b, "stop_services"), Json.bool(b, "restore_database"), Json.bool(b, "restore_config"),
                Json.bool(b, "force_restore"), Json.bool(b, "verify_after_restore"), Json.bool(b, "dry_run"));
        if (Boolean.TRUE.equals(o.dryRun())) {
            // A plan changes nothing: the audit trail must not read as if a restore had run.
            ctx.attribute(Auth.ACTION, "backup.restore.plan");
        }
        RestoreResponse res = restore.restore(id, o);
        Auth.target(ctx, res.backupId());
        switch (res.outcome()) {
            case RESTORED, PLANNED -> json.write(ctx, 200, res);
            case VALIDATED_ONLY -> json.write(ctx, res.success() ? 200 : 422, res);
            case REFUSED_INVALID -> json.write(ctx, ErrorResponses.status(ErrorKind.VALIDATION_FAILED), withError(res, ErrorKind.VALIDATION_FAILED,
                    "backup " + res.backupId() + " did not validate; nothing was changed"));
            case ROLLED_BACK -> json.write(ctx, ErrorResponses.status(ErrorKind.RESTORE_ROLLED_BACK), withError(res, ErrorKind.RESTORE_ROLLED_BACK,
                    "the restored database failed verification and the previous one was put back"));
            case FAILED -> json.write(ctx, ErrorResponses.status(ErrorKind.RESTORE_FAILED), withError(res, ErrorKind.RESTORE_FAILED, String.join("; ", res.errors())));
        }
    }

    /** The guide's fields, plus the error envelope every failed call carries. */
    private static Map<String, Object> withError(RestoreResponse res, ErrorKind code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", ErrorResponses.body(code, message, null).get("error"));
        body.put("success", res.success());
        body.put("backup_id", res.backupId());
        body.put("pre_restore_backup_id", res.preRestoreBackupId());
        body.put("database_restored", res.databaseRestored());
        body.put("config_restored", res.configRestored());
        body.put("records_restored", res.recordsRestored());
        body.put("duration_ms", res.durationMs());
        body.put("restart_required", res.restartRequired());
        body.put("warnings", res.warnings());
        body.put("errors", res.errors());
        if (res.validation() != null) {
            body.put("validation", res.validation());
        }
        return body;
    }
}
