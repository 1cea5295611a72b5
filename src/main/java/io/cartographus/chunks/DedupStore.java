package io.cartographus.chunks;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import java.util.List;

/**
 * The chunk store as the rest of the engine uses it: where it is, how new chunks are encoded, and
 * whether new backups go into it (BACKUP_DEDUP). It is always there for reading, so that backups
 * taken with deduplication stay valid and restorable after it is turned off.
 */
public record DedupStore(ChunkStore store, ChunkCodec codec, boolean enabled) {
    public ChunkWriter writer() {
        return new ChunkWriter(store, codec, ChunkGrid.DUCKDB);
    }

    public ChunkAssembler assembler() {
        return new ChunkAssembler(store, codec);
    }

    public ChunkCollector collector() {
        return new ChunkCollector(store);
    }

    /**
     * The store as {@code backup/status} shows it. {@code logicalBytes}: the database files of the
     * deduplicated backups, added up (what they would take as separate copies, uncompressed);
     * {@code ratio}: that divided by the store's bytes on disk.
     */
    public record Summary(boolean enabled, int chunks, long storeBytes, long logicalBytes, double ratio, int damagedChunks) {
    }

    public Summary summary(List<BackupRecord> records) {
        List<ChunkStore.Stored> all = store.list();
        long bytes = all.stream().mapToLong(ChunkStore.Stored::bytes).sum();
        long logical = records.stream().filter(r -> r.isCompleted() && r.deduplicated()).mapToLong(r -> r.storage().databaseBytes()).sum();
        double ratio = bytes == 0 ? 0.0 : Math.round(100.0 * logical / bytes) / 100.0;
        return new Summary(enabled, all.size(), bytes, logical, ratio, store.damaged().size());
    }

    /** Runs a collection for the catalog's records. The caller holds the operation lock. */
    public ChunkCollector.Collected collect(List<BackupRecord> records) {
        List<BackupRecord> live = records.stream().filter(r -> r.status() != BackupStatus.FAILED).toList();
        return collector().collect(live.stream().map(BackupRecord::id).toList(),
                live.stream().filter(r -> r.isCompleted() && r.deduplicated()).map(BackupRecord::id).toList());
    }
}
