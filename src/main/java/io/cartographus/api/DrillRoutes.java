package io.cartographus.api;

import io.cartographus.auth.Role;
import io.cartographus.drill.Drill;
import io.javalin.config.RoutesConfig;
import java.util.Set;

/** {@code POST /api/v1/backup/drill}: a restore drill now (docs/design.md §19); the answer is its result, passed or not. */
final class DrillRoutes {
    private final Drill drill;

    DrillRoutes(Drill drill) {
        this.drill = drill;
    }

    void register(RoutesConfig r, Auth auth, Json json) {
        r.post("/api/v1/backup/drill", ctx -> {
            auth.require(ctx, Role.OPERATOR, "backup.drill");
            json.object(ctx, Set.of());
            json.write(ctx, 200, drill.runNow());
        });
    }
}
