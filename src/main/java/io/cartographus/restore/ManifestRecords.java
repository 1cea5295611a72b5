package io.cartographus.restore;

import io.cartographus.config.Compression;
import io.cartographus.backup.Manifest;
import io.cartographus.catalog.BackupId;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.CreatedAt;
import io.cartographus.catalog.Trigger;
import io.cartographus.validate.ArchiveSurvey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Builds the record of an archive that arrived without one (an upload, or a file found in
 * BACKUP_DIR) from what its manifest and a survey say.
 */
final class ManifestRecords {
    private ManifestRecords() {
    }

    /** The manifest's type, or null when it names none of ours. */
    static BackupType type(Manifest m) {
        return m == null ? null : BackupType.parse(m.type());
    }

    /** The manifest's trigger when it is one of ours, else manual. */
    static Trigger trigger(Manifest m) {
        Trigger t = m == null ? null : Trigger.parse(m.trigger());
        return t == null ? Trigger.MANUAL : t;
    }

    /** The type a backup id's label implies: pre-restore backups are full, pre-sync ones database. */
    static BackupType typeOfId(String id) {
        String label = id.substring(16).replaceFirst("-\\d+$", "");
        return switch (label) {
            case "pre-restore" -> BackupType.FULL;
            case "pre-sync" -> BackupType.DATABASE;
            default -> BackupType.parse(label);
        };
    }

    /** The trigger a backup id's label implies (manual unless it says pre-restore or pre-sync). */
    static Trigger triggerOfId(String id) {
        return id.contains("-pre-restore") ? Trigger.PRE_RESTORE : id.contains("-pre-sync") ? Trigger.PRE_SYNC : Trigger.MANUAL;
    }

    /** The moment a backup id names (UTC). */
    static Instant timeOfId(String id) {
        return BackupId.timeOf(id);
    }

    /** A record for an archive that cannot be trusted: listed so the operator sees it, never restored. */
    static BackupRecord corrupted(String id, BackupType type, Trigger trigger, Instant created, String fileName, long size,
                                  String checksum, Instant now, String notes, String error) {
        Instant createdMs = created.truncatedTo(ChronoUnit.MILLIS);
        Instant at = latest(now.truncatedTo(ChronoUnit.MILLIS), createdMs);
        return CreatedAt.clamp(new BackupRecord(id, type, trigger, BackupStatus.CORRUPTED, createdMs, at, 0L, fileName,
                size, checksum, null, null, 0, Map.of(), null, null, notes, error, null, null, null), at);
    }

    /** The first free id for this moment and the manifest's type label. */
    static String newId(Instant now, BackupType type, Predicate<String> taken) {
        return BackupId.next(now.truncatedTo(ChronoUnit.SECONDS), type.label(), taken);
    }

    /**
     * A completed record. {@code created_at} is the manifest's (when the data was captured, which is
     * what retention and "latest" must go by); {@code completed_at} is when it was registered here.
     * A {@code created_at} in the future is clamped ({@link CreatedAt}); {@code completed_at} is never
     * before it. The gzip level is the manifest's, or null (unknown) when it does not say.
     */
    static BackupRecord completed(String id, BackupType type, Trigger trigger, ArchiveSurvey.Survey s, String fileName,
                                  long size, String checksum, Instant now, long durationMs, String notes,
                                  BackupRecord.Verification verification) {
        Manifest m = s.manifest();
        Instant registered = now.truncatedTo(ChronoUnit.MILLIS);
        Instant created = m.createdAt() == null ? registered : m.createdAt().truncatedTo(ChronoUnit.MILLIS);
        Instant completed = CreatedAt.inFuture(created, registered) ? registered : latest(registered, created);
        Map<String, Long> tables = new LinkedHashMap<>();
        m.tables().forEach((t, e) -> tables.put(t, e.rows()));
        long total = tables.values().stream().mapToLong(Long::longValue).sum();
        BackupRecord.CompressionInfo compression = s.compression() == Compression.NONE ? null
                : new BackupRecord.CompressionInfo(s.compression().label(), null);
        BackupRecord.EncryptionInfo encryption = s.encrypted() ? new BackupRecord.EncryptionInfo(s.keyId()) : null;
        return CreatedAt.clamp(new BackupRecord(id, type, trigger, BackupStatus.COMPLETED, created, completed, durationMs, fileName,
                size, checksum, compression, encryption, tables.getOrDefault("playback_events", total), tables,
                m.duckdbLibraryVersion(), m.appVersion(), notes, null, verification, null,
                m.databaseChunks() == null ? null : new BackupRecord.Storage(BackupRecord.Storage.DEDUP,
                        m.databaseChunks().chunks().size(), 0, m.databaseChunks().size())), registered);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
