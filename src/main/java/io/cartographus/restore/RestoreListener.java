package io.cartographus.restore;

import io.cartographus.catalog.BackupRecord;

/** Told how each restore ended (metrics, notifications). */
public interface RestoreListener {
    RestoreListener NONE = (backup, response) -> {
    };

    void finished(BackupRecord backup, RestoreResponse response);
}
