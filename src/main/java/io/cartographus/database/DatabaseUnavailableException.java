package io.cartographus.database;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;

/** The database is closed for maintenance (a restore) or not yet open; callers should retry later. */
public final class DatabaseUnavailableException {
    private DatabaseUnavailableException() {
    }

    static BackupException because(String reason) {
        return new BackupException(ErrorKind.UNAVAILABLE, "the database is unavailable: " + reason,
                "retry in a few seconds", null);
    }
}
