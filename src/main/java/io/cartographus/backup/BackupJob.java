package io.cartographus.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.archive.ArchiveWriter;
import io.cartographus.archive.EntryResult;
import io.cartographus.archive.HashingOutputStream;
import io.cartographus.catalog.BackupFiles;
import io.cartographus.catalog.BackupId;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.Catalog;
import io.cartographus.chunks.ChunkList;
import io.cartographus.chunks.ChunkWriter;
import io.cartographus.chunks.DedupStore;
import io.cartographus.database.Database;
import io.cartographus.database.DuckInfo;
import io.cartographus.database.Snapshot;
import io.cartographus.database.TableStats;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.DiskFull;
import io.cartographus.fs.KeepOpenOutputStream;
import io.cartographus.fs.Permissions;
import io.cartographus.log.LogContext;
import io.cartographus.progress.Progress;
import io.cartographus.progress.ProgressInputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one backup: record it as in progress, snapshot the live database, stream
 * tar → compress → (encrypt) → hash → temporary file, rename it into place, then record it as
 * completed. Any failure leaves a {@code failed} record and no archive. The caller holds the
 * {@link OperationLock}.
 */
public final class BackupJob {
    private static final Logger log = LoggerFactory.getLogger(BackupJob.class);
    /** Far longer than a full scan of a 10 GB database takes here (about 25 s). */
    private static final Duration COUNTER_WAIT = Duration.ofMinutes(5);
    private final Database database;
    private final Catalog catalog;
    private final ArchiveSettings settings;
    private final BackupContext context;
    private final ObjectMapper json;
    private final BackgroundPriority priority;

    /** Writes archives at {@link BackgroundPriority#DEFAULT_NICE}. */
    public BackupJob(Database database, Catalog catalog, ArchiveSettings settings, BackupContext context, ObjectMapper json) {
        this(database, catalog, settings, context, json, new BackgroundPriority(BackgroundPriority.DEFAULT_NICE));
    }

    /** @param priority what writing the archive runs at (the snapshot itself runs at the caller's) */
    public BackupJob(Database database, Catalog catalog, ArchiveSettings settings, BackupContext context, ObjectMapper json,
                     BackgroundPriority priority) {
        this.database = database;
        this.catalog = catalog;
        this.settings = settings;
        this.context = context;
        this.json = json;
        this.priority = priority;
    }

    /** Registers the backup as in progress and returns its record (with its id). */
    public BackupRecord begin(BackupRequest request) {
        if (request.notes() != null && request.notes().length() > BackupRequest.MAX_NOTES) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "notes must be at most " + BackupRequest.MAX_NOTES + " characters");
        }
        if (settings.encrypted()) {
            settings.cipher().prepareNext();
        }
        // Milliseconds, not the id's seconds: two backups in one second still sort in the order they were taken.
        Instant now = context.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        return catalog.register(taken -> BackupRecord.starting(BackupId.next(now, BackupId.label(request.type(), request.trigger()), taken),
                request.type(), request.trigger(), now, request.notes(), context.appVersion()));
    }

    /** Writes the archive for a record from {@link #begin}; returns the completed or failed record. */
    public BackupRecord finish(BackupRecord started) {
        return finish(started, Progress.start());
    }

    /** @param progress where the phases (snapshot, then compress or write, with bytes of the database) are shown */
    public BackupRecord finish(BackupRecord started, Progress progress) {
        try (LogContext logContext = LogContext.open("backup", started.id())) {
            return finishLogged(started, progress);
        } finally {
            if (settings.encrypted()) {
                // The next backup finds its key derived: Argon2id runs now, while nothing waits for it.
                settings.cipher().prepareNext();
            }
        }
    }

    private BackupRecord finishLogged(BackupRecord started, Progress progress) {
        long t0 = System.nanoTime();
        try {
            checkFreeSpace(started.type().hasDatabase());
            context.listener().started(started);
            BackupRecord done = write(started, progress).withDuration((System.nanoTime() - t0) / 1_000_000);
            catalog.put(done);
            log.info("backup {} completed: {} bytes in {} ms", done.id(), done.sizeBytes(), done.durationMs());
            context.listener().completed(done);
            return done;
        } catch (RuntimeException | Error e) {
            // Any failure, not only the expected ones, must end as a failed record with its event:
            // an in-progress record left behind would say "running" until the next start.
            BackupException failure = e instanceof BackupException b ? b
                    : new BackupException(ErrorKind.INTERNAL, "backup " + started.id() + " failed unexpectedly: " + e, e);
            BackupRecord failed = started.failed(context.clock().instant().truncatedTo(ChronoUnit.SECONDS), failure.getMessage());
            try {
                // The archive may already be in place when recording it as completed failed (disk full).
                catalog.discardArchive(started.id());
                catalog.put(failed);
            } catch (BackupException recording) {
                // The caller, the metric and the webhook must still hear about the original failure.
                failure.addSuppressed(recording);
                log.error("backup {}: the failure could not be recorded on disk either: {}", started.id(), recording.getMessage());
            }
            if (failure.kind() == ErrorKind.INTERNAL) {
                log.error("backup {} failed: {}", started.id(), failure.getMessage(), failure);
            } else {
                log.error("backup {} failed: {}", started.id(), failure.getMessage());
            }
            context.listener().failed(failed);
            if (e instanceof Error error) {
                throw error;
            }
            throw failure;
        }
    }

    public BackupRecord run(BackupRequest request) {
        return finish(begin(request));
    }

    private BackupRecord write(BackupRecord r, Progress progress) {
        String fileName = BackupFiles.archiveName(r.id(), settings.extension());
        Path target = catalog.files().archive(fileName);
        Written w;
        if (r.type().hasDatabase()) {
            // Taken here, at normal priority, because writers wait while its last checkpoint runs;
            // it is also released on this thread (it holds the database's lifecycle lock).
            DuckInfo duck = database.read(DuckInfo::of);
            progress.phase("snapshot", -1);
            try (Snapshot snap = database.snapshot(Duration.ofSeconds(30))) {
                w = priority.call("backup-" + r.id(), () -> writeArchive(r, target, snap, duck, progress));
            }
        } else {
            w = priority.call("backup-" + r.id(), () -> writeArchive(r, target, null, null, progress));
        }
        catalog.writeChecksumFile(r.id(), w.checksum(), fileName);
        Map<String, Long> rows = new LinkedHashMap<>();
        w.stats().forEach((t, s) -> rows.put(t, s.rows()));
        Instant completed = context.clock().instant();
        BackupRecord.CompressionInfo comp = settings.compression() == io.cartographus.config.Compression.NONE ? null
                : new BackupRecord.CompressionInfo(settings.compression().label(), settings.level());
        BackupRecord.EncryptionInfo enc = settings.encrypted() ? new BackupRecord.EncryptionInfo(settings.keyId()) : null;
        return r.completed(completed.truncatedTo(ChronoUnit.SECONDS), fileName, w.size(), w.checksum(), comp, enc, rows,
                w.duck() == null ? null : w.duck().libraryVersion(), context.verify() ? BackupRecord.Verification.pending() : null)
                .withStorage(w.storage());
    }

    /** What writing the archive produced; {@code storage} is null for a plain archive. */
    private record Written(String checksum, long size, Map<String, TableStats> stats, DuckInfo duck, BackupRecord.Storage storage) {
    }

    public ObjectMapper json() {
        return json;
    }

    /** How this job writes archives. */
    public ArchiveSettings settings() {
        return settings;
    }

    /** The chunk store this job writes into and reads from, or null. */
    public DedupStore dedup() {
        return settings.dedup();
    }

    /**
     * Streams tar → compress → (encrypt) → hash → temporary file, renamed into place. Runs at
     * {@link BackgroundPriority}, and so do the threads it starts (compression, counting).
     *
     * @param snap null for a backup without the database
     */
    private Written writeArchive(BackupRecord r, Path target, Snapshot snap, DuckInfo duck, Progress progress) {
        Map<String, TableStats> stats = Map.of();
        try (AtomicFile.Writing out = AtomicFile.begin(target, Permissions.FILE)) {
            HashingOutputStream hashed = new HashingOutputStream(new BufferedOutputStream(out.stream(), 1 << 20));
            OutputStream plain = settings.encrypted() ? settings.cipher().encrypting(new KeepOpenOutputStream(hashed)) : hashed;
            List<EntryResult> entries = new ArrayList<>();
            Manifest.SnapshotInfo snapInfo = null;
            String dbName = null;
            ChunkWriter.Result chunked = null;
            try (ArchiveWriter archive = new ArchiveWriter(plain, settings.compression(), settings.level(), settings.threads())) {
                if (snap != null) {
                    dbName = database.file().getFileName().toString();
                    // Count and fingerprint on the pinned transaction while the file streams out, on a
                    // thread started here so that it shares this thread's priority.
                    FutureTask<Map<String, TableStats>> counting = new FutureTask<>(snap::tableStats);
                    Thread counter = new Thread(counting, "backup-" + r.id() + "-count");
                    counter.setDaemon(true);
                    counter.start();
                    try {
                        progress.phase(settings.deduplicating() || settings.compression() == io.cartographus.config.Compression.NONE
                                ? "write" : "compress", snap.length());
                        if (settings.deduplicating()) {
                            chunked = storeChunks(r, snap, progress);
                            entries.add(new EntryResult(Manifest.DATABASE_DIR + dbName, snap.length(), chunked.list().sha256()));
                        } else {
                            try (InputStream db = new ProgressInputStream(Files.newInputStream(snap.file()), progress)) {
                                entries.add(archive.addStream(Manifest.DATABASE_DIR + dbName, db, snap.length()));
                            }
                        }
                        stats = join(counting);
                    } finally {
                        awaitCounter(counter, r.id());
                    }
                    snapInfo = new Manifest.SnapshotInfo("checkpoint-copy", snap.writersHeld().toNanos() / 1e6);
                }
                if (r.type().hasConfig()) {
                    entries.add(archive.addBytes(Manifest.CONFIG_ENTRY, context.configDocument().get()));
                }
                archive.addBytes(Manifest.NAME, manifestBytes(r, dbName, entries, stats, duck, snapInfo,
                        chunked == null ? null : chunked.list()));
                archive.finish();
            }
            if (plain != hashed) {
                plain.close();
            }
            hashed.flush();
            String checksum = hashed.sha256Hex();
            long size = hashed.count();
            out.commit();
            BackupRecord.Storage storage = chunked == null ? null : new BackupRecord.Storage(BackupRecord.Storage.DEDUP,
                    chunked.list().chunks().size(), chunked.addedBytes(), chunked.list().size());
            return new Written(checksum, size, stats, duck, storage);
        } catch (IOException e) {
            throw ioFailure(e, target);
        } catch (BackupException e) {
            if (e.kind() == ErrorKind.NO_SPACE) {
                throw new BackupException(ErrorKind.NO_SPACE, "disk full while writing " + target.getFileName() + ": " + e.getMessage(),
                        "free space or reduce retention; no partial file was kept", e);
            }
            throw e;
        }
    }

    /**
     * Puts the snapshot's database file into the chunk store. Order for crash safety: every chunk
     * is durable before the reference list naming them, and the list before the archive and the
     * completed record; the chunks stay pinned until the list protects them.
     */
    private ChunkWriter.Result storeChunks(BackupRecord r, Snapshot snap, Progress progress) throws IOException {
        try (ChunkWriter writer = settings.dedup().writer();
             InputStream in = new BufferedInputStream(new ProgressInputStream(Files.newInputStream(snap.file()), progress), 1 << 20)) {
            ChunkWriter.Result result = writer.store(in, snap.length());
            settings.dedup().store().writeRefs(r.id(), writer.files());
            log.info("backup {}: {} chunks, {} new ({} bytes added to the store)", r.id(), result.list().chunks().size(),
                    result.addedChunks(), result.addedBytes());
            return result;
        }
    }

    private byte[] manifestBytes(BackupRecord r, String dbName, List<EntryResult> entries, Map<String, TableStats> stats,
                                 DuckInfo duck, Manifest.SnapshotInfo snap, ChunkList chunks) throws IOException {
        Map<String, Manifest.TableEntry> tables = new LinkedHashMap<>();
        stats.forEach((t, s) -> tables.put(t, Manifest.TableEntry.of(s)));
        Manifest m = new Manifest(1, r.id(), r.type().label(), r.trigger().label(), r.createdAt(), context.appVersion(),
                duck == null ? null : duck.libraryVersion(), duck == null ? null : duck.storageVersion(), dbName, false,
                entries.stream().map(Manifest.FileEntry::of).toList(), tables, snap, chunks);
        return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
    }

    private void checkFreeSpace(boolean withDb) {
        try {
            long need = context.spaceMargin() + (withDb ? Files.size(database.file()) : 0);
            long free = Files.getFileStore(catalog.files().dir()).getUsableSpace();
            if (free < need) {
                throw new BackupException(ErrorKind.NO_SPACE, "not enough free space in " + catalog.files().dir() + ": "
                        + (free >> 20) + " MiB free, about " + (need >> 20) + " MiB needed",
                        "free space or reduce retention (BACKUP_RETENTION_*)", null);
            }
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot check free space in " + catalog.files().dir() + ": " + e.getMessage(), e);
        }
    }

    static BackupException ioFailure(IOException e, Path target) {
        String m = String.valueOf(e.getMessage());
        if (DiskFull.causedBy(e)) {
            return new BackupException(ErrorKind.NO_SPACE, "disk full while writing " + target.getFileName() + ": " + m,
                    "free space or reduce retention; no partial file was kept", e);
        }
        return new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot write " + target.getFileName() + ": " + m, e);
    }

    private static <T> T join(FutureTask<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(ErrorKind.INTERNAL, "interrupted while counting the snapshot", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BackupException b) {
                throw b;
            }
            throw new BackupException(ErrorKind.INTERNAL, "counting the snapshot failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * When writing fails, the counting scan may still run on the snapshot's pinned connection. JDBC
     * offers no way here to stop a running DuckDB scan, and closing the connection under it is what
     * must not happen, so the snapshot stays open until the scan ends (seconds per GB).
     */
    private static void awaitCounter(Thread counter, String id) {
        try {
            counter.join(COUNTER_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (counter.isAlive()) {
            log.warn("backup {}: the row count is still running after {} s; closing its snapshot anyway", id, COUNTER_WAIT.toSeconds());
        }
    }
}
