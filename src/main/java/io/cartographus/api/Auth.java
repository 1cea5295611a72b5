package io.cartographus.api;

import io.cartographus.audit.AuditEntry;
import io.cartographus.audit.AuditLog;
import io.cartographus.audit.RejectionBudget;
import io.cartographus.auth.Role;
import io.cartographus.auth.TokenInfo;
import io.cartographus.auth.TokenStore;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer-token roles (viewer &lt; operator &lt; admin) and the audit trail. A handler names the role
 * it needs and the action; rejected credentials and refused roles are audited here, the outcome of
 * an audited action after the response (see {@link ApiServer}).
 */
final class Auth {
    static final String PRINCIPAL = "cartographus.principal";
    static final String ACTION = "cartographus.action";
    static final String TARGET = "cartographus.target";
    /** Read-only actions are not worth an audit line each. */
    private static final Set<String> UNAUDITED = Set.of("read");

    private final TokenStore tokens;
    private final AuditLog audit;
    private final RejectionBudget rejections;

    Auth(TokenStore tokens, AuditLog audit, RejectionBudget rejections) {
        this.tokens = tokens;
        this.audit = audit;
        this.rejections = rejections;
    }

    TokenInfo require(Context ctx, Role role, String action) {
        String header = ctx.header("Authorization");
        String token = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = header.substring(7).trim();
        }
        if (token == null || token.isEmpty()) {
            rejected(ctx, action, "missing bearer token");
            throw new BackupException(ErrorKind.UNAUTHORIZED, "missing credentials: send Authorization: Bearer <token>",
                    "the first admin token is in DATA_DIR/admin.token; create more with: cartographus token create", null);
        }
        Optional<TokenInfo> who = tokens.authenticate(token);
        if (who.isEmpty()) {
            who = retryAfterReload(token);
        }
        if (who.isEmpty()) {
            rejected(ctx, action, "unknown or revoked token");
            throw new BackupException(ErrorKind.UNAUTHORIZED, "invalid or revoked token");
        }
        TokenInfo t = who.get();
        if (!t.role().includes(role)) {
            audit.record(entry(ctx, t, "auth.forbidden", action, "denied", "needs role " + role.label()));
            throw new BackupException(ErrorKind.FORBIDDEN, "this action (" + action + ") needs the " + role.label()
                    + " role; token '" + t.name() + "' has " + t.role().label());
        }
        ctx.attribute(PRINCIPAL, t);
        if (!UNAUDITED.contains(action)) {
            ctx.attribute(ACTION, action);
        }
        return t;
    }

    /** Audits a request without valid credentials, within the budget anyone on the network can spend. */
    private void rejected(Context ctx, String action, String why) {
        RejectionBudget.Admission a = rejections.admit();
        if (a.unrecorded() > 0) {
            audit.record(entry(ctx, null, "auth.rejected", null, "rejected", a.unrecorded() + " more requests without valid "
                    + "credentials were refused without a line each (at most " + RejectionBudget.PER_MINUTE + " lines a minute)"));
        }
        if (a.record()) {
            audit.record(entry(ctx, null, "auth.rejected", action, "rejected", why));
        }
    }

    /** A token made by `cartographus token create` a moment ago works at once, not after the periodic re-read. */
    private Optional<TokenInfo> retryAfterReload(String token) {
        try {
            tokens.reloadIfChanged();
        } catch (BackupException e) {
            return Optional.empty();
        }
        return tokens.authenticate(token);
    }

    static void target(Context ctx, String target) {
        ctx.attribute(TARGET, target);
    }

    /** Records the outcome of an audited action once the response status is known. */
    void afterRequest(Context ctx) {
        String action = ctx.attribute(ACTION);
        if (action == null) {
            return;
        }
        int status = ctx.status().getCode();
        String detail = ctx.attribute("cartographus.error");
        audit.record(entry(ctx, ctx.attribute(PRINCIPAL), action, ctx.attribute(TARGET), status < 400 ? "success" : "failure",
                status < 400 ? null : "HTTP " + status + (detail == null ? "" : ": " + detail)));
    }

    private static AuditEntry entry(Context ctx, TokenInfo who, String action, String target, String outcome, String detail) {
        return new AuditEntry(Instant.now(), who == null ? null : who.name(), who == null ? null : who.role().label(), action,
                target, outcome, ctx.ip(), detail);
    }
}
