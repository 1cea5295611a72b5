package io.cartographus.api;

import io.cartographus.auth.Role;
import io.cartographus.diff.BackupDiff;
import io.javalin.config.RoutesConfig;

/** {@code GET /api/v1/backup/{id}/diff[?table=…&limit=…]}: a backup compared with the live database. */
final class DiffRoutes {
    private final BackupDiff diff;

    DiffRoutes(BackupDiff diff) {
        this.diff = diff;
    }

    void register(RoutesConfig r, Auth auth, Json json) {
        r.get("/api/v1/backup/{id}/diff", ctx -> {
            auth.require(ctx, Role.VIEWER, "read");
            String id = BackupRoutes.id(ctx);
            String table = ctx.queryParam("table");
            if (table == null && ctx.queryParam("limit") != null) {
                throw new io.cartographus.error.BackupException(io.cartographus.error.ErrorKind.INVALID_REQUEST,
                        "limit applies to the sample of one table: give table too, e.g. ?table=playback_events&limit=20");
            }
            int limit = QueryParams.boundedInt(ctx, "limit", 20, 1, BackupDiff.MAX_SAMPLE);
            json.write(ctx, 200, diff.compare(id, table, limit));
        });
    }
}
