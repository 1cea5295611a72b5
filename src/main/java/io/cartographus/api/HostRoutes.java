package io.cartographus.api;

import io.cartographus.auth.Role;
import io.cartographus.database.Database;
import io.cartographus.host.EventParser;
import io.cartographus.host.PlaybackEvent;
import io.cartographus.host.Stats;
import io.cartographus.host.SyncResult;
import io.cartographus.host.SyncService;
import io.cartographus.restore.ServicePause;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The host application's routes: sync, stats and the health checks. */
final class HostRoutes {
    static final long MAX_SYNC_BODY = 32L << 20;

    private final Database database;
    private final SyncService sync;
    private final EventParser parser;
    private final Stats stats;
    private final ServicePause pause;
    private final String testCrashStep;

    /** @param testCrashStep the test-only restore crash step, or null; ready says so when it is set */
    HostRoutes(Database database, SyncService sync, EventParser parser, Stats stats, ServicePause pause, String testCrashStep) {
        this.database = database;
        this.sync = sync;
        this.parser = parser;
        this.stats = stats;
        this.pause = pause;
        this.testCrashStep = testCrashStep;
    }

    void register(RoutesConfig r, Auth auth, Json json) {
        r.get("/api/v1/health/live", ctx -> json.write(ctx, 200, Map.of("status", "ok")));
        r.get("/api/v1/health/ready", ctx -> ready(ctx, json));
        r.get("/api/v1/stats", ctx -> {
            auth.require(ctx, Role.VIEWER, "read");
            json.write(ctx, 200, stats.compute());
        });
        r.post("/api/v1/sync", ctx -> {
            auth.require(ctx, Role.OPERATOR, "sync");
            byte[] raw = Json.body(ctx, MAX_SYNC_BODY);
            // An empty POST (the guide's "re-sync" step) is a sync of nothing new.
            List<PlaybackEvent> events = raw.length == 0 ? List.of() : parser.parse(raw, isNdjson(ctx));
            SyncResult result = sync.sync(events);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("received", result.received());
            body.put("inserted", result.inserted());
            body.put("duplicates", result.duplicates());
            body.put("pre_sync_backup_id", result.preSyncBackupId());
            Auth.target(ctx, result.received() + " events");
            json.write(ctx, 200, body);
        });
    }

    private static boolean isNdjson(Context ctx) {
        String ct = ctx.contentType();
        if (ct == null) {
            return false;
        }
        String base = ct.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (base.equals("application/x-ndjson") || base.equals("application/ndjson") || base.equals("application/jsonl")) {
            return true;
        }
        // curl -d sends application/x-www-form-urlencoded unless told otherwise; the body is still JSON.
        if (base.equals("application/json") || base.equals("application/x-www-form-urlencoded") || base.isEmpty()) {
            return false;
        }
        throw new io.cartographus.error.BackupException(io.cartographus.error.ErrorKind.INVALID_REQUEST,
                "unsupported Content-Type " + base + ": send application/json (an array) or application/x-ndjson");
    }

    private void ready(Context ctx, Json json) {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean open = database.isOpen();
        body.put("status", !open ? "unavailable" : pause.maintenance() ? "maintenance" : pause.paused() ? "paused" : "ready");
        body.put("database", open ? "open" : database.unavailableReason());
        body.put("maintenance_mode", pause.maintenance());
        body.put("services_paused", pause.paused());
        if (pause.reason() != null) {
            body.put("reason", pause.reason());
        }
        if (testCrashStep != null) {
            // A server that will halt itself mid-restore must never pass for a production one.
            body.put("test_hooks", Map.of("crash_at", testCrashStep));
        }
        if (!open && pause.paused()) {
            // Only a restore in progress ends by itself; a file that does not open needs a restore, not a retry.
            ctx.header("Retry-After", "5");
        }
        json.write(ctx, open ? 200 : 503, body);
    }
}
