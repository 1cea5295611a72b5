package io.cartographus.api;

import io.cartographus.auth.Role;
import io.cartographus.retention.PruneResult;
import io.cartographus.retention.Pruner;
import io.javalin.config.RoutesConfig;
import java.util.Set;

/** {@code /api/v1/backup/retention/…}: preview (viewer) and apply (admin, audited, under the operation lock). */
final class RetentionRoutes {
    private final Pruner pruner;

    RetentionRoutes(Pruner pruner) {
        this.pruner = pruner;
    }

    void register(RoutesConfig r, Auth auth, Json json) {
        r.get("/api/v1/backup/retention/preview", ctx -> {
            auth.require(ctx, Role.VIEWER, "read");
            json.write(ctx, 200, pruner.describe(pruner.preview()));
        });
        r.post("/api/v1/backup/retention/apply", ctx -> {
            auth.require(ctx, Role.ADMIN, "retention.apply");
            json.object(ctx, Set.of());
            Auth.target(ctx, "retention");
            PruneResult result = pruner.apply();
            Auth.target(ctx, result.deleted().isEmpty() ? "retention: nothing deleted" : "retention: " + String.join(",", result.deleted()));
            json.write(ctx, 200, result.document());
        });
    }
}
