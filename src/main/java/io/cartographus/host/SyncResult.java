package io.cartographus.host;

/** What one sync did: events received, newly inserted, already known (idempotent re-sends). */
public record SyncResult(int received, int inserted, int duplicates, String preSyncBackupId) {
}
