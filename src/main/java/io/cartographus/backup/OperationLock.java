package io.cartographus.backup;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One backup or restore at a time. A second request is refused at once (the API answers 409)
 * naming what is running, rather than queueing behind a restore it would then undo.
 */
public final class OperationLock {
    /** What holds the lock: "backup 20260101-020000-full", "restore of 20260101-020000-full". */
    private final AtomicReference<String> holder = new AtomicReference<>();

    public Lease acquire(String operation) {
        if (!holder.compareAndSet(null, operation)) {
            String current = holder.get();
            throw new BackupException(ErrorKind.BUSY, "another operation is running: " + (current == null ? "just finished, retry" : current),
                    "wait for it to finish (GET /api/v1/backup/status)", null);
        }
        return new Lease(operation);
    }

    /** What is running now, or null. */
    public String running() {
        return holder.get();
    }

    /** Held until closed; {@link #rename} updates the description once the id is known. */
    public final class Lease implements AutoCloseable {
        private String operation;

        private Lease(String operation) {
            this.operation = operation;
        }

        public void rename(String description) {
            holder.compareAndSet(operation, description);
            operation = description;
        }

        @Override
        public void close() {
            holder.compareAndSet(operation, null);
        }
    }
}
