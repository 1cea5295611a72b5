package io.cartographus.restore;

import io.cartographus.archive.Compression;
import io.cartographus.backup.Manifest;
import io.cartographus.catalog.BackupId;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.catalog.BackupType;
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
        return java.time.LocalDateTime.parse(id.substring(0, 15), java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                .toInstant(java.time.ZoneOffset.UTC);
    }

    /** A record for an archive that cannot be trusted: listed so the operator sees it, never restored. */
    static BackupRecord corrupted(String id, BackupType type, Trigger trigger, Instant created, String fileName, long size,
                                  String checksum, Instant now, String notes, String error) {
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        return new BackupRecord(id, type, trigger, BackupStatus.CORRUPTED, created.truncatedTo(ChronoUnit.SECONDS), at, 0L, fileName,
                size, checksum, null, null, 0, Map.of(), null, null, notes, error, null, null, null);
    }

    /** The first free id for this moment and the manifest's type label. */
    static String newId(Instant now, BackupType type, Predicate<String> taken) {
        return BackupId.next(now.truncatedTo(ChronoUnit.SECONDS), type.label(), taken);
    }

    /**
     * A completed record. {@code created_at} is the manifest's (when the data was captured, which is
     * what retention and "latest" must go by); {@code completed_at} is when it was registered here.
     * The compression level is not recorded in an archive: it is given as 0 (unknown).
     */
    static BackupRecord completed(String id, BackupType type, Trigger trigger, ArchiveSurvey.Survey s, String fileName,
                                  long size, String checksum, Instant now, long durationMs, String notes,
                                  BackupRecord.Verification verification) {
        Manifest m = s.manifest();
        Instant completed = now.truncatedTo(ChronoUnit.SECONDS);
        Instant created = m.createdAt() == null ? completed : m.createdAt().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Long> tables = new LinkedHashMap<>();
        m.tables().forEach((t, e) -> tables.put(t, e.rows()));
        long total = tables.values().stream().mapToLong(Long::longValue).sum();
        BackupRecord.CompressionInfo compression = s.compression() == Compression.NONE ? null
                : new BackupRecord.CompressionInfo(s.compression().label(), 0);
        BackupRecord.EncryptionInfo encryption = s.encrypted() ? new BackupRecord.EncryptionInfo(s.keyId()) : null;
        return new BackupRecord(id, type, trigger, BackupStatus.COMPLETED, created, completed, durationMs, fileName, size,
                checksum, compression, encryption, tables.getOrDefault("playback_events", total), tables,
                m.duckdbLibraryVersion(), m.appVersion(), notes, null, verification, null,
                m.databaseChunks() == null ? null : new BackupRecord.Storage(BackupRecord.Storage.DEDUP,
                        m.databaseChunks().chunks().size(), 0, m.databaseChunks().size()));
    }
}
