package io.cartographus.api;

import io.cartographus.auth.Role;
import io.cartographus.auth.TokenInfo;
import io.cartographus.host.DataDeletion;
import io.cartographus.host.PlaybackFilter;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code DELETE /api/v1/users/{user_id}} and {@code DELETE /api/v1/playbacks?…}: admin only, audited. */
final class DeletionRoutes {
    private final DataDeletion deletion;

    DeletionRoutes(DataDeletion deletion) {
        this.deletion = deletion;
    }

    void register(RoutesConfig r, Auth auth, Json json) {
        r.delete("/api/v1/users/{user_id}", ctx -> {
            TokenInfo who = auth.require(ctx, Role.ADMIN, "data.delete");
            Auth.target(ctx, "user " + ctx.pathParam("user_id"));
            long id = PlaybackFilter.userId(ctx.pathParam("user_id"));
            json.write(ctx, 200, body(Map.of("user_id", Long.toString(id)), deletion.deleteUser(id, who.name())));
        });
        r.delete("/api/v1/playbacks", ctx -> {
            TokenInfo who = auth.require(ctx, Role.ADMIN, "data.delete");
            PlaybackFilter filter = PlaybackFilter.parse(ctx.queryParamMap());
            Auth.target(ctx, "playbacks " + filter.described());
            json.write(ctx, 200, body(filter.described(), deletion.deletePlaybacks(filter, who.name())));
        });
    }

    private static Map<String, Object> body(Map<String, String> filters, Map<String, Long> deleted) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("filters", filters);
        b.put("deleted", deleted);
        b.put("total_deleted", deleted.values().stream().mapToLong(Long::longValue).sum());
        return b;
    }
}
