package io.cartographus.backup;

import io.cartographus.catalog.BackupRecord;

/** Told about every backup's end: metrics, notifications, verification and off-site copies hang here. */
public interface BackupListener {
    BackupListener NONE = new BackupListener() {
    };

    default void started(BackupRecord record) {
    }

    default void completed(BackupRecord record) {
    }

    default void failed(BackupRecord record) {
    }
}
