package io.cartographus.api;

import io.cartographus.auth.Role;
import io.cartographus.validate.StoreCheck;
import io.javalin.config.RoutesConfig;
import java.util.Set;

/** {@code POST /api/v1/backup/check}: every chunk of the deduplicated store read once, damage named with the backups it hits. */
final class CheckRoutes {
    private final StoreCheck check;

    CheckRoutes(StoreCheck check) {
        this.check = check;
    }

    void register(RoutesConfig r, Auth auth, Json json) {
        r.post("/api/v1/backup/check", ctx -> {
            auth.require(ctx, Role.OPERATOR, "backup.check");
            json.object(ctx, Set.of());
            json.write(ctx, 200, check.run());
        });
    }
}
