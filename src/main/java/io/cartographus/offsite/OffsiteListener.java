package io.cartographus.offsite;

import io.cartographus.catalog.BackupRecord;

/** Hears how each off-site upload ended (metrics, notifications). Must not throw or block. */
public interface OffsiteListener {
    OffsiteListener NONE = new OffsiteListener() {
        @Override
        public void uploaded(BackupRecord r) {
        }

        @Override
        public void failed(BackupRecord r, String error) {
        }
    };

    /** {@code r} carries its new {@code offsite} state. */
    void uploaded(BackupRecord r);

    /** The local backup is untouched; {@code error} says what went wrong off-site. */
    void failed(BackupRecord r, String error);
}
