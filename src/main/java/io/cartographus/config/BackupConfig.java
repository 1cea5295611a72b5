package io.cartographus.config;

import io.cartographus.retention.RetentionPolicy;
import java.nio.file.Path;
import java.time.ZoneId;

/** The BACKUP_* settings of the guide plus the SPEC's additions (verify, timezone, off-site,
 * dedup: the database part of new backups goes into the chunk store). */
public record BackupConfig(
        boolean enabled,
        Path backupDir,
        ScheduleConfig schedule,
        RetentionPolicy retention,
        CompressionConfig compression,
        EncryptionConfig encryption,
        NotifyConfig notifications,
        boolean verify,
        ZoneId timezone,
        OffsiteConfig offsite,
        boolean dedup) {
}
