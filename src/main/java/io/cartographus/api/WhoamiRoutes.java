package io.cartographus.api;

import io.cartographus.auth.Role;
import io.cartographus.auth.TokenInfo;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/auth/whoami}: the name and role of the token presented. The dashboard needs the
 * role to show only the actions the token may take; any valid token may ask (the server still checks
 * every action itself). Never echoes the token, its id or its hash.
 */
final class WhoamiRoutes {
    void register(RoutesConfig r, Auth auth, Json json) {
        r.get("/api/v1/auth/whoami", ctx -> {
            TokenInfo who = auth.require(ctx, Role.VIEWER, "read");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", who.name());
            body.put("role", who.role().label());
            json.write(ctx, 200, body);
        });
    }
}
