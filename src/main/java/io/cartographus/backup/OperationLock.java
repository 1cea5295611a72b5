package io.cartographus.backup;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.progress.Progress;
import io.cartographus.progress.ProgressReport;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One backup or restore at a time. A second request is refused at once (the API answers 409)
 * naming what is running, rather than queueing behind a restore it would then undo.
 */
public final class OperationLock {
    /** What holds the lock: "backup 20260101-020000-full", "restore of 20260101-020000-full". */
    private final AtomicReference<String> holder = new AtomicReference<>();
    /** The holder's progress: one operation at a time, so one progress to show. */
    private final AtomicReference<Progress> progress = new AtomicReference<>();

    public Lease acquire(String operation) {
        if (!holder.compareAndSet(null, operation)) {
            String current = holder.get();
            throw new BackupException(ErrorKind.BUSY, "another operation is running: " + (current == null ? "just finished, retry" : current),
                    "wait for it to finish (GET /api/v1/backup/status)", null);
        }
        Progress p = Progress.start();
        progress.set(p);
        return new Lease(operation, p);
    }

    /** How far the running operation has got, or null when none runs. */
    public ProgressReport progress() {
        Progress p = progress.get();
        return p == null || holder.get() == null ? null : p.report();
    }

    /** What is running now, or null. */
    public String running() {
        return holder.get();
    }

    /** Held until closed; {@link #rename} updates the description once the id is known. */
    public final class Lease implements AutoCloseable {
        private String operation;
        private final Progress leaseProgress;

        private Lease(String operation, Progress leaseProgress) {
            this.operation = operation;
            this.leaseProgress = leaseProgress;
        }

        /** Where the holder reports its phases and bytes. */
        public Progress progress() {
            return leaseProgress;
        }

        public void rename(String description) {
            holder.compareAndSet(operation, description);
            operation = description;
        }

        @Override
        public void close() {
            progress.compareAndSet(leaseProgress, null);
            holder.compareAndSet(operation, null);
        }
    }
}
