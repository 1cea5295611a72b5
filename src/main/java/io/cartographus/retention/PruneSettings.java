package io.cartographus.retention;

import io.cartographus.config.RetentionPolicy;
import io.cartographus.config.BackupType;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What the {@link Pruner} works with besides the catalog.
 *
 * @param policy     the BACKUP_RETENTION_* settings
 * @param zone       BACKUP_TIMEZONE: day, week and month buckets
 * @param backupType the type of the backup taken when fewer than MIN_COUNT completed backups exist
 *                   (BACKUP_TYPE); null when BACKUP_ENABLED=false, so retention never takes one
 */
public record PruneSettings(RetentionPolicy policy, ZoneId zone, BackupType backupType) {
    public PruneSettings {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(zone, "zone");
    }
}
