package io.cartographus.retention;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Pruner#apply} actually did, which can differ from the plan when a backup became busy
 * or vanished in the meantime.
 *
 * @param deleted           ids of the completed backups deleted (archive, checksum, sidecar and record)
 * @param freedBytes        the archive bytes those deletions freed
 * @param skipped           "id: why" for each backup the plan wanted deleted that was left in place
 * @param droppedFailed     failed or corrupted records older than MAX_DAYS dropped from the index
 * @param retentionBackupId the backup taken first because fewer than MIN_COUNT existed, or null
 * @param plan              the plan carried out (made under the operation lock, after that backup)
 * @param planDocument      {@link Pruner#describe} of the plan, taken before anything was deleted
 * @param freedChunks       chunks of the deduplicated store no remaining backup needed, removed
 * @param freedChunkBytes   their bytes (also counted in {@code freedBytes})
 */
public record PruneResult(List<String> deleted, long freedBytes, List<String> skipped, List<String> droppedFailed,
                          String retentionBackupId, RetentionPlan plan, Map<String, Object> planDocument,
                          int freedChunks, long freedChunkBytes) {
    public PruneResult {
        deleted = List.copyOf(deleted);
        skipped = List.copyOf(skipped);
        droppedFailed = List.copyOf(droppedFailed);
    }

    /** The API's and the CLI's JSON. */
    public Map<String, Object> document() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deleted", deleted);
        out.put("deleted_count", deleted.size());
        out.put("freed_bytes", freedBytes);
        out.put("freed_chunks", freedChunks);
        out.put("freed_chunk_bytes", freedChunkBytes);
        out.put("skipped", skipped);
        out.put("dropped_failed", droppedFailed);
        out.put("retention_backup_id", retentionBackupId);
        out.put("plan", planDocument);
        return out;
    }
}
