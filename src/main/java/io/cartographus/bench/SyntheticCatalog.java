package io.cartographus.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.catalog.BackupFiles;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backup directory with many records, as years of backups every two hours would leave it: one
 * sidecar per backup, metadata.json listing them all, and an (empty) archive file for each
 * completed one so that opening the catalog does not mark them corrupted.
 */
final class SyntheticCatalog {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private SyntheticCatalog() {
    }

    static List<BackupRecord> write(Path backupDir, int count, Instant now, ObjectMapper json) throws IOException {
        Files.createDirectories(backupDir);
        BackupFiles files = new BackupFiles(backupDir);
        List<BackupRecord> records = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            Instant created = now.minus(Duration.ofHours(1L + 2L * i)).truncatedTo(ChronoUnit.SECONDS);
            BackupType type = i % 10 == 0 ? BackupType.CONFIG : i % 3 == 0 ? BackupType.DATABASE : BackupType.FULL;
            BackupRecord r = record(created, type, i);
            records.add(r);
            Files.write(files.sidecar(r.id()), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(r));
            if (r.fileName() != null) {
                Files.createFile(files.archive(r.fileName()));
                Files.writeString(files.checksum(r.id()), r.checksum() + "  " + r.fileName() + "\n");
            }
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("version", 1);
        index.put("backups", records);
        index.put("schedule", null);
        Files.write(files.metadata(), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
        return records;
    }

    private static BackupRecord record(Instant created, BackupType type, int i) {
        String id = ID_TIME.format(created) + "-" + type.label();
        Trigger trigger = i % 7 == 0 ? Trigger.MANUAL : Trigger.SCHEDULED;
        BackupRecord started = BackupRecord.starting(id, type, trigger, created, i % 50 == 0 ? "synthetic record " + i : null, "bench");
        if (i % 40 == 39) {
            return started.failed(created.plusSeconds(30), "synthetic failure: disk full");
        }
        String file = BackupFiles.archiveName(id, ".tar.gz");
        Map<String, Long> tables = type == BackupType.CONFIG ? Map.of()
                : Map.of("playback_events", 12_000_000L + i, "users", 500L, "geolocations", 500L, "sync_log", 3L, "schema_version", 1L);
        BackupRecord done = started.completed(created.plusSeconds(45), file, 800_000_000L + i, String.format("%064x", i),
                new BackupRecord.CompressionInfo("gzip", 6), null, tables, type == BackupType.CONFIG ? null : "v2.0.0",
                new BackupRecord.Verification(i % 5 == 0 ? "pending" : "passed", created.plusSeconds(120), null));
        return i % 200 == 101 ? done.withStatus(BackupStatus.CORRUPTED, "synthetic: checksum mismatch") : done;
    }
}
