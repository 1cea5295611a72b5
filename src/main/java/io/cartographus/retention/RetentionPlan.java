package io.cartographus.retention;

import java.util.List;

/**
 * The outcome of {@link Retention#plan}: the same object serves the preview and the apply, so what
 * the preview shows is exactly what apply deletes.
 *
 * @param decisions            one per completed backup, newest first (ties: larger id first)
 * @param expiredFailedIds     failed or corrupted records older than MAX_DAYS (only when MAX_DAYS &gt; 0),
 *                             to drop from the index; newest first
 * @param needsRetentionBackup fewer than MIN_COUNT completed backups exist: take a backup with trigger
 *                             {@code retention} first, then plan again (docs/design.md §7.7)
 */
public record RetentionPlan(List<RetentionDecision> decisions, List<String> expiredFailedIds,
        boolean needsRetentionBackup) {

    public RetentionPlan {
        decisions = List.copyOf(decisions);
        expiredFailedIds = List.copyOf(expiredFailedIds);
    }

    /** Ids of the completed backups to delete, newest first. */
    public List<String> toDelete() {
        return decisions.stream().filter(d -> !d.keep()).map(RetentionDecision::id).toList();
    }

    /** Ids of the completed backups that stay, newest first. */
    public List<String> toKeep() {
        return decisions.stream().filter(RetentionDecision::keep).map(RetentionDecision::id).toList();
    }
}
