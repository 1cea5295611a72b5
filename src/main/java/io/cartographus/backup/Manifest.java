package io.cartographus.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.cartographus.archive.EntryResult;
import io.cartographus.chunks.ChunkList;
import io.cartographus.database.TableStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * manifest.json, the last entry of every archive: what each file must hash to and what each table
 * must count and fingerprint to. Validation and restore trust nothing else in the archive.
 * In a deduplicated backup the database file is not in the archive: {@code files} still lists it
 * (size, SHA-256) and {@code database_chunks} says which chunks of the store make it up.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(
        @JsonProperty("format") int format,
        @JsonProperty("backup_id") String backupId,
        @JsonProperty("type") String type,
        @JsonProperty("trigger") String trigger,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("app_version") String appVersion,
        @JsonProperty("duckdb_library_version") String duckdbLibraryVersion,
        @JsonProperty("duckdb_storage_version") String duckdbStorageVersion,
        @JsonProperty("database_file") String databaseFile,
        @JsonProperty("wal_included") boolean walIncluded,
        @JsonProperty("files") List<FileEntry> files,
        @JsonProperty("tables") Map<String, TableEntry> tables,
        @JsonProperty("snapshot") SnapshotInfo snapshot,
        @JsonProperty("database_chunks") ChunkList databaseChunks) {

    public static final String NAME = "manifest.json";
    public static final String CONFIG_ENTRY = "config/config.json";
    public static final String DATABASE_DIR = "database/";

    public record FileEntry(@JsonProperty("name") String name, @JsonProperty("size") long size,
                            @JsonProperty("sha256") String sha256) {
        static FileEntry of(EntryResult r) {
            return new FileEntry(r.name(), r.size(), r.sha256());
        }
    }

    public record TableEntry(@JsonProperty("rows") long rows, @JsonProperty("fingerprint") String fingerprint) {
        static TableEntry of(TableStats s) {
            return new TableEntry(s.rows(), s.fingerprint());
        }
    }

    /** How the database copy was taken and how long writers were held for it. */
    public record SnapshotInfo(@JsonProperty("method") String method, @JsonProperty("writers_held_ms") double writersHeldMs) {
    }

    /** The same manifest for an archive that holds the database file itself (a self-contained export). */
    public Manifest withoutChunks() {
        return new Manifest(format, backupId, type, trigger, createdAt, appVersion, duckdbLibraryVersion, duckdbStorageVersion,
                databaseFile, walIncluded, files, tables, snapshot, null);
    }

    public String databaseEntry() {
        return databaseFile == null ? null : DATABASE_DIR + databaseFile;
    }
}
