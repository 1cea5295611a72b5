package io.cartographus.log;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Sets {@code action} and {@code backup_id} in the MDC for this thread until {@link #close}, which
 * puts back what was there before. Restoring, rather than removing, matters because operations nest:
 * the pre-restore backup runs inside a restore, the pre-sync backup inside a sync, and the outer
 * operation's remaining lines must keep its own context.
 */
public final class LogContext implements AutoCloseable {
    public static final String ACTION = "action";
    public static final String BACKUP_ID = "backup_id";

    private final String previousAction;
    private final String previousBackupId;

    private LogContext() {
        this.previousAction = MDC.get(ACTION);
        this.previousBackupId = MDC.get(BACKUP_ID);
    }

    /** @param backupIdOrNull null when not known yet (see {@link #backupId}); an outer id is then hidden, not inherited */
    public static LogContext open(String action, String backupIdOrNull) {
        LogContext c = new LogContext();
        set(ACTION, action);
        set(BACKUP_ID, backupIdOrNull);
        return c;
    }

    /** The context of this thread now, to hand to work done for it on another thread. */
    public static Map<String, String> capture() {
        Map<String, String> m = new HashMap<>();
        m.put(ACTION, MDC.get(ACTION));
        m.put(BACKUP_ID, MDC.get(BACKUP_ID));
        return m;
    }

    /** Applies a context captured on another thread, until close. */
    public static LogContext resume(Map<String, String> captured) {
        return open(captured.get(ACTION), captured.get(BACKUP_ID));
    }

    /** Names the backup once it is known (e.g. which backup "restore latest" chose). */
    public void backupId(String id) {
        set(BACKUP_ID, id);
    }

    @Override
    public void close() {
        set(ACTION, previousAction);
        set(BACKUP_ID, previousBackupId);
    }

    private static void set(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
