package io.cartographus.catalog;

import io.cartographus.config.BackupType;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * One backup as the index, the sidecar and the API show it (docs/design.md §3). Immutable: each change
 * makes a new record with a {@code with…} method.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupRecord(
        @JsonProperty("id") String id,
        @JsonProperty("type") BackupType type,
        @JsonProperty("trigger") Trigger trigger,
        @JsonProperty("status") BackupStatus status,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("completed_at") Instant completedAt,
        @JsonProperty("duration_ms") Long durationMs,
        @JsonProperty("file_name") String fileName,
        @JsonProperty("size_bytes") long sizeBytes,
        @JsonProperty("checksum") String checksum,
        @JsonProperty("compression") CompressionInfo compression,
        @JsonProperty("encryption") EncryptionInfo encryption,
        @JsonProperty("record_count") long recordCount,
        @JsonProperty("tables") Map<String, Long> tables,
        @JsonProperty("duckdb_version") String duckdbVersion,
        @JsonProperty("app_version") String appVersion,
        @JsonProperty("notes") String notes,
        @JsonProperty("error") String error,
        @JsonProperty("verification") Verification verification,
        @JsonProperty("offsite") OffsiteState offsite,
        @JsonProperty("storage") Storage storage) {

    public BackupRecord {
        tables = tables == null ? Map.of() : Map.copyOf(tables);
    }

    /** {@code level} is null when unknown (an archive imported or found on disk does not record it). */
    public record CompressionInfo(@JsonProperty("algorithm") String algorithm, @JsonProperty("level") Integer level) {
    }

    public record EncryptionInfo(@JsonProperty("key_id") String keyId) {
    }

    /** Background test-restore state: pending, passed or failed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Verification(@JsonProperty("status") String status, @JsonProperty("at") Instant at,
                               @JsonProperty("message") String message) {
        public static Verification pending() {
            return new Verification("pending", null, null);
        }

        public boolean passed() {
            return "passed".equals(status);
        }
    }

    /** The off-site copy's state: pending, uploaded or failed, and where. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OffsiteState(@JsonProperty("status") String status, @JsonProperty("location") String location,
                               @JsonProperty("at") Instant at, @JsonProperty("error") String error) {
    }

    /**
     * How the backup is kept: null or "archive" (everything inside its archive file), or "dedup"
     * (its database file is in the chunk store; the archive holds the manifest, the configuration
     * and the chunk list). {@code addedBytes}: what this backup added to the store when it was
     * taken; {@code databaseBytes}: the size of its database file.
     */
    public record Storage(@JsonProperty("method") String method, @JsonProperty("chunks") int chunks,
                          @JsonProperty("added_bytes") long addedBytes, @JsonProperty("database_bytes") long databaseBytes) {
        public static final String DEDUP = "dedup";
    }

    /** Whether its database file lives in the chunk store. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean deduplicated() {
        return storage != null && Storage.DEDUP.equals(storage.method());
    }

    public BackupRecord withStorage(Storage s) {
        return new BackupRecord(id, type, trigger, status, createdAt, completedAt, durationMs, fileName, sizeBytes, checksum,
                compression, encryption, recordCount, tables, duckdbVersion, appVersion, notes, error, verification, offsite, s);
    }

    /** A new record for a backup that is starting. */
    public static BackupRecord starting(String id, BackupType type, Trigger trigger, Instant createdAt, String notes,
                                        String appVersion) {
        return new BackupRecord(id, type, trigger, BackupStatus.IN_PROGRESS, createdAt, null, null, null, 0, null, null,
                null, 0, Map.of(), null, appVersion, notes, null, null, null, null);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isCompleted() {
        return status == BackupStatus.COMPLETED;
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean hasDatabase() {
        return type != null && type.hasDatabase();
    }

    public BackupRecord withStatus(BackupStatus s, String err) {
        return new BackupRecord(id, type, trigger, s, createdAt, completedAt, durationMs, fileName, sizeBytes, checksum,
                compression, encryption, recordCount, tables, duckdbVersion, appVersion, notes, err, verification, offsite, storage);
    }

    /**
     * The record of a backup a check found damaged: corrupted, with the reason and the check's time in
     * {@code verification}. Only a completed (or already corrupted) backup changes state: an unfinished
     * or failed one has no archive to be damaged.
     */
    public BackupRecord corrupted(Instant at, String reason) {
        Verification failed = new Verification("failed", at, reason);
        boolean held = status == BackupStatus.COMPLETED || status == BackupStatus.CORRUPTED;
        return held ? withStatus(BackupStatus.CORRUPTED, reason).withVerification(failed) : withVerification(failed);
    }

    /** The record of a backup a check passed: a corrupted one is completed again (its archive was repaired). */
    public BackupRecord passed(Instant at, String message) {
        BackupRecord r = status == BackupStatus.CORRUPTED ? withStatus(BackupStatus.COMPLETED, null) : this;
        return r.withVerification(new Verification("passed", at, message));
    }

    /** When it was last checked (created, for one never checked): what the scrub orders by. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Instant lastCheckedAt() {
        if (verification != null && verification.at() != null) {
            return verification.at();
        }
        return completedAt != null ? completedAt : createdAt;
    }

    public BackupRecord withVerification(Verification v) {
        return new BackupRecord(id, type, trigger, status, createdAt, completedAt, durationMs, fileName, sizeBytes, checksum,
                compression, encryption, recordCount, tables, duckdbVersion, appVersion, notes, error, v, offsite, storage);
    }

    public BackupRecord withOffsite(OffsiteState o) {
        return new BackupRecord(id, type, trigger, status, createdAt, completedAt, durationMs, fileName, sizeBytes, checksum,
                compression, encryption, recordCount, tables, duckdbVersion, appVersion, notes, error, verification, o, storage);
    }

    /** The record of a backup that finished writing its archive. */
    public BackupRecord completed(Instant completedAt, String fileName, long sizeBytes, String checksum,
                                  CompressionInfo compression, EncryptionInfo encryption, Map<String, Long> tables,
                                  String duckdbVersion, Verification verification) {
        long total = tables.values().stream().mapToLong(Long::longValue).sum();
        long rows = tables.getOrDefault("playback_events", total);
        return new BackupRecord(id, type, trigger, BackupStatus.COMPLETED, createdAt, completedAt,
                completedAt.toEpochMilli() - createdAt.toEpochMilli(), fileName, sizeBytes, checksum, compression, encryption,
                rows, tables, duckdbVersion, appVersion, notes, null, verification, offsite, storage);
    }

    public BackupRecord withFileName(String name) {
        return new BackupRecord(id, type, trigger, status, createdAt, completedAt, durationMs, name, sizeBytes, checksum,
                compression, encryption, recordCount, tables, duckdbVersion, appVersion, notes, error, verification, offsite, storage);
    }

    /** A new creation time; completed_at is moved up to it if it was earlier (a backup never completes before it starts). */
    public BackupRecord withCreatedAt(Instant at, String newNotes) {
        Instant completed = completedAt == null || !completedAt.isBefore(at) ? completedAt : at;
        return new BackupRecord(id, type, trigger, status, at, completed, durationMs, fileName, sizeBytes, checksum,
                compression, encryption, recordCount, tables, duckdbVersion, appVersion, newNotes, error, verification, offsite, storage);
    }

    public BackupRecord withDuration(long ms) {
        return new BackupRecord(id, type, trigger, status, createdAt, completedAt, ms, fileName, sizeBytes, checksum,
                compression, encryption, recordCount, tables, duckdbVersion, appVersion, notes, error, verification, offsite, storage);
    }

    /** The record of a backup that failed; it has no archive. */
    public BackupRecord failed(Instant at, String err) {
        return new BackupRecord(id, type, trigger, BackupStatus.FAILED, createdAt, at, at.toEpochMilli() - createdAt.toEpochMilli(),
                null, 0, null, compression, encryption, 0, Map.of(), duckdbVersion, appVersion, notes, err, null, offsite, null);
    }
}
