package io.cartographus.retention;

import java.time.Instant;

/**
 * The verdict on one completed backup.
 *
 * @param reason a short sentence starting with "kept: " or "deleted: ", listing every rule that
 *               applied (e.g. "kept: within the last 24 hours; best backup of day 2026-03-04")
 */
public record RetentionDecision(String id, Instant createdAt, boolean keep, String reason) {
}
