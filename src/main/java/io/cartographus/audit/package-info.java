/**
 * The audit trail (docs/design.md §8): {@link io.cartographus.audit.AuditLog} appends one JSON line per
 * security-relevant action to {@code DATA_DIR/audit.log} and pages through it newest first. Writing
 * never fails the action being audited, and anything shaped like a token is masked before it is written.
 */
package io.cartographus.audit;
