package io.cartographus.api;

import io.cartographus.audit.AuditEntry;
import io.cartographus.audit.AuditLog;
import io.cartographus.audit.AuditPage;
import io.cartographus.auth.Role;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/audit}: the audit trail, newest first, for admins (it names every caller). */
final class AuditRoutes {
    static final int MAX_LIMIT = 1000;

    private final AuditLog audit;

    AuditRoutes(AuditLog audit) {
        this.audit = audit;
    }

    void register(RoutesConfig r, Auth auth, Json json) {
        r.get("/api/v1/audit", ctx -> {
            auth.require(ctx, Role.ADMIN, "read");
            json.write(ctx, 200, page(ctx));
        });
    }

    private Map<String, Object> page(Context ctx) {
        int limit = QueryParams.boundedInt(ctx, "limit", 100, 1, MAX_LIMIT);
        int offset = QueryParams.boundedInt(ctx, "offset", 0, 0, Integer.MAX_VALUE - MAX_LIMIT);
        String action = ctx.queryParam("action");
        if (action != null && (action.isBlank() || action.length() > 100)) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "action must be 1 to 100 characters, e.g. backup.restore");
        }
        AuditPage page = audit.read(offset, limit, action);
        List<Map<String, Object>> entries = page.entries().stream().map(AuditRoutes::entry).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("entries", entries);
        out.put("total", page.total());
        out.put("skipped_lines", page.skippedLines());
        return out;
    }

    /** The same snake_case keys as the lines of audit.log. */
    private static Map<String, Object> entry(AuditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", e.time().toString());
        m.put("token_name", e.tokenName());
        m.put("role", e.role());
        m.put("action", e.action());
        m.put("target", e.target());
        m.put("outcome", e.outcome());
        m.put("remote_address", e.remoteAddress());
        m.put("detail", e.detail());
        return m;
    }
}
