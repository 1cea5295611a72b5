package io.cartographus.host;

/**
 * Runs before each sync; with BACKUP_PRE_SYNC it takes a database backup and returns its id.
 * Throwing stops the sync, so the caller learns why no data was written.
 */
@FunctionalInterface
public interface PreSyncHook {
    PreSyncHook NONE = () -> null;

    /** @return the id of the backup taken, or null when none was taken */
    String beforeSync();
}
