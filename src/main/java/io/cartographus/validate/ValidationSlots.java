package io.cartographus.validate;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

/**
 * The bound on validations that unpack an archive at the same time (API, CLI, background, import):
 * each holds a temporary copy of a database in BACKUP_DIR, so twenty at once were twenty copies. A
 * caller that finds every slot taken is refused at once (BUSY: HTTP 409 with a hint) instead of
 * queueing; the background verifier waits for one. Restores do not take a slot: the operation lock
 * already makes them one at a time.
 *
 * <p>Before a slot's work starts, BACKUP_DIR must have room for at least the archive itself (what it
 * unpacks to is known only from its manifest, the last entry; the extraction is bounded by the free
 * space as it goes, see {@link ArchiveVerifier#freeSpaceLimits}), so a full disk is a clear NO_SPACE
 * up front rather than a failed validation that reads like damage.
 */
final class ValidationSlots {
    /** Two: one for the background verifier and one for an operator, on the two cores a small host has. */
    static final int DEFAULT = 2;

    private final int size;
    private final Semaphore permits;

    ValidationSlots(int size) {
        this.size = size;
        this.permits = new Semaphore(size, true);
    }

    /** A slot now, or BUSY. Release it with {@link #leave()}. */
    void enter() {
        if (!permits.tryAcquire()) {
            throw new BackupException(ErrorKind.BUSY, size + " validations are already running; each unpacks a copy of its "
                    + "database into BACKUP_DIR, so no more run at once", "retry when one has finished (GET /api/v1/backup/status)", null);
        }
    }

    /** A slot when one is free (background work, which may wait). */
    void enterWaiting() {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(ErrorKind.UNAVAILABLE, "interrupted while waiting for a validation slot", e);
        }
    }

    void leave() {
        permits.release();
    }

    /** NO_SPACE unless {@code dir} has room for {@code needed} bytes and the reserve kept for the live database. */
    static void requireSpace(Path dir, long needed, long reserve) {
        long free;
        try {
            free = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot check free space in " + dir + ": " + e.getMessage(), e);
        }
        if (free - reserve < needed) {
            throw new BackupException(ErrorKind.NO_SPACE, "a validation needs at least " + (needed >> 20) + " MiB in " + dir
                    + " for its temporary copy; " + (free >> 20) + " MiB are free", "free space in BACKUP_DIR or reduce retention", null);
        }
    }
}
