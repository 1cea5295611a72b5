package io.cartographus.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The BACKUP_* settings of the guide plus our additions (docs/design.md §2): verify, timezone,
 * off-site, scrub, and dedup (the database part of new backups goes into the chunk store, docs/design.md §15).
 *
 * @param scrubInterval how old a backup's last check may get before the scrub checks it again;
 *     zero: no scrubbing
 * @param drillInterval how often a restore drill (docs/design.md §19) restores the newest backup into a
 *     scratch directory and times it; zero: no scheduled drills
 */
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
        Duration scrubInterval,
        boolean dedup,
        Duration drillInterval) {
}
