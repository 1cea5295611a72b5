package io.cartographus.notify;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One thing worth telling an operator about. {@code backup} is the backup's record as a JSON-ready map
 * (docs/design.md §3 snake_case fields: strings, numbers, booleans, lists, maps, nulls; no java.time objects),
 * {@code details} holds extra top-level fields of the webhook payload (e.g. deleted ids). Both may be
 * empty, never null. Build events with the factories, which also write the human {@code text}.
 */
public record NotificationEvent(
        String event, String text, Map<String, Object> backup, Instant timestamp, Map<String, Object> details) {

    public static final String BACKUP_COMPLETED = "backup.completed";
    public static final String BACKUP_FAILED = "backup.failed";
    public static final String RETENTION_CLEANUP = "retention.cleanup";
    public static final String RESTORE_COMPLETED = "restore.completed";
    public static final String RESTORE_FAILED = "restore.failed";
    /** A restore drill passed (sent when BACKUP_NOTIFY_SUCCESS, like backup.completed); docs/design.md §19. */
    public static final String DRILL_COMPLETED = "drill.completed";
    /** A restore drill failed (sent when BACKUP_NOTIFY_FAILURE, like backup.failed). */
    public static final String DRILL_FAILED = "drill.failed";
    public static final List<String> EVENTS =
            List.of(BACKUP_COMPLETED, BACKUP_FAILED, RETENTION_CLEANUP, RESTORE_COMPLETED, RESTORE_FAILED, DRILL_COMPLETED, DRILL_FAILED);

    public NotificationEvent {
        Objects.requireNonNull(event, "event");
        if (!EVENTS.contains(event)) {
            throw new IllegalArgumentException("unknown notification event '" + event + "', expected one of " + EVENTS);
        }
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(timestamp, "timestamp");
        backup = frozen(backup);
        details = frozen(details);
    }

    /** "Cartographus backup 20260101-020000-full (full, scheduled) completed: 1.2 GB in 45 s." */
    public static NotificationEvent backupCompleted(Map<String, Object> backup, Instant at) {
        return new NotificationEvent(BACKUP_COMPLETED, EventText.backupCompleted(orEmpty(backup)), backup, at, Map.of());
    }

    /**
     * "Cartographus backup … FAILED: No space left on device …". {@code error} may be null, then the
     * record's {@code error} field is used. The error is also a top-level {@code error} field.
     */
    public static NotificationEvent backupFailed(Map<String, Object> backup, String error, Instant at) {
        String why = error != null ? error : EventText.string(orEmpty(backup), "error");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("error", why);
        return new NotificationEvent(BACKUP_FAILED, EventText.backupFailed(orEmpty(backup), why), backup, at, details);
    }

    /** Details carry {@code deleted} (the ids) and {@code freed_bytes}; there is no single backup. */
    public static NotificationEvent retentionCleanup(List<String> deletedIds, long freedBytes, Instant at) {
        List<String> ids = List.copyOf(deletedIds);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("deleted", ids);
        details.put("freed_bytes", freedBytes);
        return new NotificationEvent(RETENTION_CLEANUP, EventText.retentionCleanup(ids, freedBytes), Map.of(), at, details);
    }

    /**
     * {@code backup} is the restored backup's record; {@code details} is the restore response
     * (guide fields such as pre_restore_backup_id, records_restored, duration_ms, restart_required).
     */
    public static NotificationEvent restoreCompleted(Map<String, Object> backup, Map<String, Object> details, Instant at) {
        return new NotificationEvent(RESTORE_COMPLETED,
                EventText.restoreCompleted(orEmpty(backup), orEmpty(details)), backup, at, details);
    }

    /** Like {@link #restoreCompleted}; {@code error} says why, and is added to the details as {@code error}. */
    public static NotificationEvent restoreFailed(
            Map<String, Object> backup, String error, Map<String, Object> details, Instant at) {
        Map<String, Object> all = new LinkedHashMap<>(orEmpty(details));
        all.put("error", error);
        return new NotificationEvent(RESTORE_FAILED,
                EventText.restoreFailed(orEmpty(backup), error, orEmpty(details)), backup, at, all);
    }

    /**
     * A restore drill's end; {@code drill} is its result (backup_id, source, started_at, duration_ms,
     * passed, message), the payload's top-level fields. There is no backup record: the drilled backup
     * may exist only in the bucket.
     */
    public static NotificationEvent drill(Map<String, Object> drill, Instant at) {
        Map<String, Object> d = orEmpty(drill);
        boolean passed = Boolean.TRUE.equals(d.get("passed"));
        return new NotificationEvent(passed ? DRILL_COMPLETED : DRILL_FAILED,
                passed ? EventText.drillCompleted(d) : EventText.drillFailed(d), Map.of(), at, d);
    }

    private static Map<String, Object> orEmpty(Map<String, Object> m) {
        return m == null ? Map.of() : m;
    }

    // Map.copyOf would reject the nulls a JSON record legitimately has (compression: null).
    private static Map<String, Object> frozen(Map<String, Object> m) {
        return m == null || m.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
