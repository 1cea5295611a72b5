package io.cartographus.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One audited event, written as a JSON line with snake_case keys.
 *
 * @param time          when it happened (required)
 * @param tokenName     the caller's token name, or null when no valid token was presented
 * @param role          the caller's role label, or null
 * @param action        backup.create, backup.validate, backup.restore, backup.delete, backup.download,
 *                      backup.upload, retention.apply, sync, token.create, token.revoke, auth.rejected or
 *                      auth.forbidden (required)
 * @param target        what it acted on (a backup id, a token name), or null
 * @param outcome       success, failure, rejected (bad credentials) or denied (role too low) (required)
 * @param remoteAddress the client's address, or null (CLI offline)
 * @param detail        a short free-text explanation, or null
 */
public record AuditEntry(Instant time, String tokenName, String role, String action, String target, String outcome,
                         String remoteAddress, String detail) {
    public AuditEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
    }
}
