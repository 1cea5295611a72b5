package io.cartographus.retention;

import io.cartographus.config.RetentionPolicy;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cartographus.config.Compression;
import io.cartographus.backup.ArchiveSettings;
import io.cartographus.backup.BackupContext;
import io.cartographus.backup.BackupJob;
import io.cartographus.backup.BackupListener;
import io.cartographus.backup.Backups;
import io.cartographus.backup.InUse;
import io.cartographus.backup.OperationLock;
import io.cartographus.catalog.BackupId;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Catalog;
import io.cartographus.catalog.Trigger;
import io.cartographus.database.Database;
import io.cartographus.metrics.BackupMetrics;
import io.cartographus.notify.NotificationEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real catalog in a temporary directory with synthetic backups: each has a small archive file,
 * a checksum file and a sidecar, as a real one does. Backups taken by the pruner itself are real
 * config backups (no database needed).
 */
final class PrunerFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    final Path dir;
    final Clock clock;
    final Catalog catalog;
    final Backups backups;
    final BackupMetrics metrics = BackupMetrics.create();
    final List<NotificationEvent> sent = new CopyOnWriteArrayList<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor();

    PrunerFixture(Path tmp, Instant now) {
        this.dir = tmp.resolve("backups");
        this.clock = Clock.fixed(now, ZoneOffset.UTC);
        this.catalog = Catalog.open(dir, JSON);
        BackupJob job = new BackupJob(new Database(tmp.resolve("app.duckdb")), catalog,
                new ArchiveSettings(Compression.GZIP, 1, 1, null, null),
                new BackupContext(() -> "{}".getBytes(StandardCharsets.UTF_8), BackupListener.NONE, clock, "test", false,
                        BackupContext.DEFAULT_SPACE_MARGIN), JSON);
        this.backups = new Backups(job, catalog, new OperationLock(), new InUse(), worker);
    }

    Pruner pruner(RetentionPolicy policy, BackupType retentionBackupType) {
        return new Pruner(backups, new PruneSettings(policy, ZoneOffset.UTC, retentionBackupType), metrics, sent::add, clock);
    }

    /** A completed backup created at {@code at} with an archive of {@code size} bytes; returns its id. */
    String completed(String at, BackupType type, long size, boolean verified) throws IOException {
        Instant t = Instant.parse(at);
        String id = BackupId.next(t, type.label(), catalog::contains);
        String file = "backup-" + id + ".tar.gz";
        Files.write(dir.resolve(file), new byte[(int) size]);
        catalog.writeChecksumFile(id, "0".repeat(64), file);
        BackupRecord r = BackupRecord.starting(id, type, Trigger.SCHEDULED, t, null, "test")
                .completed(t.plusSeconds(5), file, size, "0".repeat(64), null, null, Map.of("playback_events", 10L), null,
                        new BackupRecord.Verification(verified ? "passed" : "pending", null, null));
        catalog.put(r);
        return id;
    }

    String failed(String at) {
        Instant t = Instant.parse(at);
        String id = BackupId.next(t, "full", catalog::contains);
        catalog.put(BackupRecord.starting(id, BackupType.FULL, Trigger.SCHEDULED, t, null, "test").failed(t.plusSeconds(1), "disk full"));
        return id;
    }

    BackupStatus status(String id) {
        return catalog.get(id).map(BackupRecord::status).orElse(null);
    }

    List<Path> filesOf(String id) {
        return List.of(dir.resolve("backup-" + id + ".tar.gz"), dir.resolve("backup-" + id + ".sha256"),
                dir.resolve("backup-" + id + ".json"));
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
