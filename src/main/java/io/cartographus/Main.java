package io.cartographus;

import io.cartographus.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cartographus.api.ApiParts;
import io.cartographus.api.ApiServer;
import io.cartographus.api.StatusSources;
import io.cartographus.config.Compression;
import io.cartographus.audit.AuditLog;
import io.cartographus.auth.TokenStore;
import io.cartographus.backup.ArchiveSettings;
import io.cartographus.backup.BackgroundPriority;
import io.cartographus.backup.BackupContext;
import io.cartographus.backup.BackupJob;
import io.cartographus.backup.BackupRequest;
import io.cartographus.backup.Backups;
import io.cartographus.backup.InUse;
import io.cartographus.backup.OperationLock;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.catalog.Catalog;
import io.cartographus.catalog.Trigger;
import io.cartographus.cli.Cli;
import io.cartographus.cli.ServerFile;
import io.cartographus.cli.Wiring;
import io.cartographus.config.AppConfig;
import io.cartographus.config.ConfigException;
import io.cartographus.config.ConfigLoader;
import io.cartographus.config.ConfigSnapshot;
import io.cartographus.config.EncryptionConfig;
import io.cartographus.config.LoadedConfig;
import io.cartographus.chunks.ChunkCodec;
import io.cartographus.chunks.ChunkStore;
import io.cartographus.chunks.DedupStore;
import io.cartographus.crypto.ArchiveCipher;
import io.cartographus.crypto.ChunkCipher;
import io.cartographus.database.Database;
import io.cartographus.database.NativeLibraryLeftovers;
import io.cartographus.diff.BackupDiff;
import io.cartographus.diff.BackupSource;
import io.cartographus.drill.Drill;
import io.cartographus.drill.DrillHistory;
import io.cartographus.error.BackupException;
import io.cartographus.fs.DirectoryLock;
import io.cartographus.fs.Permissions;
import io.cartographus.fs.TempFiles;
import io.cartographus.host.DataDeletion;
import io.cartographus.host.EventParser;
import io.cartographus.host.PreSyncHook;
import io.cartographus.host.Stats;
import io.cartographus.host.SyncService;
import io.cartographus.log.LogFiles;
import io.cartographus.metrics.BackupMetrics;
import io.cartographus.notify.RetryPolicy;
import io.cartographus.notify.WebhookNotifier;
import io.cartographus.offsite.Backoff;
import io.cartographus.offsite.Offsite;
import io.cartographus.offsite.OffsiteChunks;
import io.cartographus.offsite.RetryingStore;
import io.cartographus.offsite.S3Options;
import io.cartographus.offsite.S3Store;
import io.cartographus.restore.ArchiveDiscovery;
import io.cartographus.restore.CrashPoints;
import io.cartographus.restore.Importer;
import io.cartographus.restore.RestoreContext;
import io.cartographus.restore.RestoreJournal;
import io.cartographus.restore.RestoreService;
import io.cartographus.restore.ServicePause;
import io.cartographus.restore.tables.TableRestore;
import io.cartographus.retention.PruneSettings;
import io.cartographus.retention.Pruner;
import io.cartographus.retention.RetentionWarnings;
import io.cartographus.schedule.BackupScheduler;
import io.cartographus.schedule.SchedulerContext;
import io.cartographus.schedule.SchedulerOptions;
import io.cartographus.validate.ArchiveSurvey;
import io.cartographus.validate.ArchiveVerifier;
import io.cartographus.validate.BackgroundVerifier;
import io.cartographus.validate.Scrubber;
import io.cartographus.validate.StoreCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: the only place that builds objects and connects them. */
public final class Main implements Wiring {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    public static void main(String[] args) {
        Cli.main(args, new Main());
    }

    @Override
    public String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public LoadedConfig config() {
        return ConfigLoader.load(System.getenv(), Path.of("").toAbsolutePath());
    }

    static ObjectMapper json() {
        return new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** The engine for an offline CLI command: it owns DATA_DIR until closed (a running server makes this BUSY). */
    @Override
    public Engine engine(LoadedConfig loaded) {
        return engine(loaded, false);
    }

    private Engine engine(LoadedConfig loaded, boolean serving) {
        AppConfig c = loaded.config();
        ObjectMapper json = json();
        Path dataDir = c.host().dataDir();
        Path backupDir = c.backup().backupDir();
        DirectoryLock dirLock = DirectoryLock.acquire(dataDir);
        try {
            Permissions.ensureDirectory(dataDir);
            Permissions.ensureDirectory(backupDir);
            TempFiles.removeLeftovers(dataDir);
            TempFiles.removeLeftovers(c.host().duckdbPath().getParent());
            TempFiles.removeLeftovers(backupDir);
        } catch (IOException e) {
            throw new BackupException(io.cartographus.error.ErrorKind.STORAGE_UNAVAILABLE, "cannot prepare " + dataDir + " or " + backupDir + ": " + e.getMessage(), e);
        }
        NativeLibraryLeftovers.Removed libs = NativeLibraryLeftovers.remove(Path.of(System.getProperty("java.io.tmpdir")), Clock.systemUTC());
        if (!libs.files().isEmpty()) {
            log.info("removed copies of DuckDB's native library that killed processes left in {}: {} ({} MiB)",
                    System.getProperty("java.io.tmpdir"), libs.files().size(), libs.bytes() >> 20);
        }
        Database database = new Database(c.host().duckdbPath(), c.duckdb());
        try {
            TempFiles.removeLeftovers(database.scratchDirectory());
        } catch (IOException e) {
            throw new BackupException(io.cartographus.error.ErrorKind.STORAGE_UNAVAILABLE, "cannot clean " + database.scratchDirectory() + ": " + e.getMessage(), e);
        }
        new RestoreJournal(database.file()).recover();
        EncryptionConfig enc = c.backup().encryption();
        ArchiveCipher cipher = enc.key() != null || !enc.oldKeys().isEmpty()
                ? new ArchiveCipher(enc.keyId() == null ? ArchiveCipher.DEFAULT_KEY_ID : enc.keyId(), enc.key(), enc.oldKeys()) : null;
        Clock clock = Clock.systemUTC();
        Catalog catalog = Catalog.open(backupDir, json,
                new ArchiveDiscovery(new ArchiveSurvey(cipher, json), c.backup().verify(), clock), clock);

        ExecutorService worker = executor("backup-worker", 1);
        // Test-restores of new backups, like the archive writing, yield the CPU to the application.
        BackgroundPriority lowered = new BackgroundPriority(BackgroundPriority.DEFAULT_NICE);
        ExecutorService verifyPool = executor("verify", 1, lowered);
        ExecutorService webhookPool = executor("webhook", 2);
        // One thread: uploads and mirrored deletions stay in order, and one 16 MiB part buffer at a time.
        ExecutorService offsitePool = executor("offsite", 1);

        BackupMetrics metrics = BackupMetrics.create();
        metrics.catalogSize(() -> catalog.all().size());
        metrics.corruptedBackups(() -> (int) catalog.all().stream().filter(r -> r.status() == BackupStatus.CORRUPTED).count());
        metrics.storage(backupDir, () -> catalog.all().stream().mapToLong(BackupRecord::sizeBytes).sum());
        catalog.all().stream().filter(r -> r.isCompleted() && r.hasDatabase()).findFirst()
                .ifPresent(r -> metrics.lastSuccess(r.completedAt(), r.sizeBytes()));
        WebhookNotifier notifier = new WebhookNotifier(c.backup().notifications(), webhookPool, RetryPolicy.defaults(), metrics::webhookDelivered);
        BackupEvents events = new BackupEvents(metrics, notifier, json);

        Compression compression = c.backup().compression().effective();
        DedupStore dedup = dedupStore(backupDir, c, cipher, compression);
        metrics.damagedChunks(() -> dedup.store().damaged().size());
        ArchiveSettings settings = new ArchiveSettings(compression, c.backup().compression().level(),
                Math.max(1, Runtime.getRuntime().availableProcessors()), enc.enabled() ? cipher : null, enc.keyId(), dedup);
        String version = version();
        byte[] configDocument = configDocument(loaded, json, version);
        BackupJob job = new BackupJob(database, catalog, settings,
                new BackupContext(() -> configDocument, events, Clock.systemUTC(), version, c.backup().verify(),
                        BackupContext.DEFAULT_SPACE_MARGIN), json, lowered);
        OperationLock lock = new OperationLock();
        Backups backups = new Backups(job, catalog, lock, new InUse(), worker);
        ArchiveVerifier verifier = new ArchiveVerifier(catalog.files(), cipher, json, dedup, c.duckdb());
        BackgroundVerifier background = c.backup().verify()
                ? new BackgroundVerifier(verifier, catalog, verifyPool, events::verified) : null;
        if (background != null) {
            events.verifyWith(background);
        }
        Offsite offsite = c.backup().offsite().enabled()
                ? new Offsite(new RetryingStore(new S3Store(c.backup().offsite(), S3Options.defaults()), Backoff.defaults()),
                        catalog, json, events, offsitePool, new OffsiteChunks(dedup, manifestChunks(verifier.survey())))
                : Offsite.disabled();
        events.afterVerified(offsite::backupReady);
        catalog.onRemove(offsite);
        dedup.store().onSwept(offsite::chunksCollected);
        if (serving && settings.encrypted()) {
            // A server's first encrypted backup finds its key derived too, not only the ones after it.
            settings.cipher().prepareNext();
        }
        if (background != null && serving) {
            // Discovered archives, and backups whose test restore a stop interrupted, are still pending
            // (queued once everything a verification result goes to is wired).
            catalog.all().stream().filter(r -> r.isCompleted() && r.verification() != null && "pending".equals(r.verification().status()))
                    .forEach(background::submit);
        }
        Scrubber scrubber = new Scrubber(verifier, backups, scheduled("scrub", lowered),
                new Scrubber.Options(c.backup().scrubInterval(), Scrubber.BYTES_PER_RUN, Clock.systemUTC()),
                r -> metrics.scrubFinished(r.startedAt(), r.checked(), r.corrupted()));
        // A drill restores at background priority like the scrub, on its own thread (docs/design.md §19).
        Drill drill = new Drill(verifier, backups, offsite, new DrillHistory(dataDir.resolve(DrillHistory.FILE), json),
                scheduled("drill", lowered), new Drill.Options(c.backup().drillInterval(), Clock.systemUTC()), events::drilled);
        DrillHistory.State drills = drill.history();
        metrics.drillSeen(drills.lastSuccessAt(), drills.last() == null ? null : java.time.Duration.ofMillis(drills.last().durationMs()));
        ServicePause pause = new ServicePause(c.host().maintenanceMode());
        RestoreContext restoreContext = new RestoreContext(lock, pause, events, dataDir.resolve("config.env"), Clock.systemUTC(),
                CrashPoints.of(System.getenv("CARTOGRAPHUS_TEST_CRASH_AT"), Boolean.getBoolean("cartographus.test-hooks")), loaded);
        RestoreService restore = new RestoreService(database, catalog, verifier, job, restoreContext);
        BackupSource backupSource = new BackupSource(database, backups, verifier);
        Importer importer = new Importer(catalog, verifier, Clock.systemUTC(), events::imported);
        TokenStore tokens = new TokenStore(dataDir.resolve("tokens.json"));
        AuditLog audit = new AuditLog(dataDir.resolve("audit.log"));
        Pruner pruner = new Pruner(backups, new PruneSettings(c.backup().retention(), c.backup().timezone(),
                c.backup().enabled() ? c.backup().schedule().type() : null), metrics, notifier, Clock.systemUTC());
        BackupScheduler scheduler = new BackupScheduler(backups, pruner, SchedulerOptions.from(c.backup()),
                new SchedulerContext(pause, metrics, notifier, Clock.systemUTC()));
        return new Engine(c, loaded.warnings(), json, database, catalog, backups, verifier, restore, pause, tokens, audit, metrics,
                pruner, scheduler,
                List.of(scheduler, scrubber, drill, Engine.closing(worker), Engine.closing(verifyPool), Engine.closing(offsitePool), offsite, notifier,
                        Engine.closing(webhookPool), dirLock),
                offsite, importer, new BackupDiff(database, backupSource), new TableRestore(database, backupSource, job, restoreContext),
                scrubber, new StoreCheck(catalog, backups.inUse(), verifier.survey(), dedup, Clock.systemUTC()), drill);
    }

    /**
     * The chunk store, always there for reading (backups taken with BACKUP_DEDUP stay restorable
     * after it is turned off); its salt file is only created when new chunks are sealed.
     */
    private static DedupStore dedupStore(Path backupDir, AppConfig c, ArchiveCipher cipher, Compression compression) {
        ChunkStore store = new ChunkStore(backupDir);
        try {
            store.removeLeftovers();
        } catch (IOException e) {
            throw new BackupException(io.cartographus.error.ErrorKind.STORAGE_UNAVAILABLE,
                    "cannot clean up " + store.root() + ": " + e.getMessage(), e);
        }
        boolean dedup = c.backup().dedup();
        boolean seal = dedup && c.backup().encryption().enabled() && cipher != null;
        ChunkCipher chunks = cipher == null ? null
                : cipher.chunkCipher(seal ? store.salt(ChunkCipher::newSalt) : ChunkCipher.newSalt());
        return new DedupStore(store, new ChunkCodec(compression, c.backup().compression().level(), chunks, seal), dedup);
    }

    /** Reads the chunk list in an archive's manifest (off-site fetches of deduplicated backups); CORRUPT_ARCHIVE without one. */
    private static java.util.function.Function<Path, io.cartographus.chunks.ChunkList> manifestChunks(ArchiveSurvey survey) {
        io.cartographus.archive.ArchiveReader.Limits manifestOnly = new io.cartographus.archive.ArchiveReader.Limits(256L << 20, 256L << 20, 64);
        return archive -> {
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(archive, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                ArchiveSurvey.Survey s = survey.survey(in, manifestOnly);
                if (s.manifest() == null || s.manifest().databaseChunks() == null) {
                    throw new BackupException(io.cartographus.error.ErrorKind.CORRUPT_ARCHIVE, "its manifest lists no chunks"
                            + (s.problems().isEmpty() ? "" : " (" + String.join("; ", s.problems()) + ")"));
                }
                return s.manifest().databaseChunks();
            } catch (IOException e) {
                throw new BackupException(io.cartographus.error.ErrorKind.CORRUPT_ARCHIVE, "cannot read " + archive.getFileName() + ": " + e.getMessage(), e);
            }
        };
    }

    private static byte[] configDocument(LoadedConfig loaded, ObjectMapper json, String version) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(ConfigSnapshot.document(loaded.config(), loaded.explicit(), version));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ExecutorService executor(String name, int threads) {
        return executor(name, threads, new BackgroundPriority(0));
    }

    /** @param priority each thread lowers itself to it when it starts */
    private static ExecutorService executor(String name, int threads, BackgroundPriority priority) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(() -> {
                priority.lowerCurrentThread();
                r.run();
            }, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** LOG_DIR that cannot be used stops start-up like any other bad setting (exit 2, one line). */
    private static void logFiles(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            LogFiles.attach(dir);
        } catch (IOException e) {
            String why = e instanceof java.nio.file.FileAlreadyExistsException f ? f.getFile() + " exists and is not a directory"
                    : e instanceof java.nio.file.AccessDeniedException f ? f.getFile() + ": permission denied"
                    : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getFile() + ": " + f.getReason()
                    : e.getMessage();
            throw new ConfigException("LOG_DIR=" + dir + ": accepted a directory this process can create and write to (" + why + ")");
        }
    }

    /** One thread for periodic background work, lowered to {@code priority} when it starts. */
    private static ScheduledExecutorService scheduled(String name, BackgroundPriority priority) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(() -> {
                priority.lowerCurrentThread();
                r.run();
            }, name);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public int serve(LoadedConfig loaded) {
        AppConfig c = loaded.config();
        logFiles(c.host().logDir());
        loaded.warnings().forEach(w -> log.warn("configuration: {}", w));
        // A restored config.env changes behaviour without anyone typing it: every value it gives is named.
        String restoredFile = c.host().dataDir().resolve("config.env").toString();
        Map<String, String> effective = ConfigSnapshot.sanitized(c);
        loaded.sources().forEach((name, source) -> {
            if (source.equals(restoredFile)) {
                log.info("configuration: {}={} from {} (restored from a configuration backup)", name, effective.get(name), source);
            }
        });
        RetentionWarnings.beyondConfigLoader(c.backup().retention()).forEach(w -> log.warn("configuration: {}", w));
        Engine engine = engine(loaded, true);
        try {
            engine.database().open();
            log.info("database {} open", engine.database().file());
        } catch (BackupException e) {
            log.error("{} — the service starts anyway so that a backup can be restored ({})", e.getMessage(), e.hint());
        }
        engine.offsite().resumePending();
        engine.tokens().bootstrap(c.host().dataDir().resolve("admin.token"), c.host().adminToken())
                .ifPresent(p -> log.info("first start: an admin token was written to {} (mode 0600); use it as: "
                        + "Authorization: Bearer $(cat {})", p, p));
        PreSyncHook preSync = c.backup().enabled() && c.backup().schedule().preSync()
                ? () -> engine.backups().create(new BackupRequest(BackupType.DATABASE, Trigger.PRE_SYNC, "before sync")).id()
                : PreSyncHook.NONE;
        SyncService sync = new SyncService(engine.database(), preSync, engine.pause()::paused);
        BackupScheduler scheduler = engine.scheduler();
        StatusSources status = new StatusSources(c.backup().enabled(), scheduler::running, scheduler::nextRun,
                engine.scrubber()::status, engine.drill()::status);
        ApiParts parts = new ApiParts(engine.database(), sync, new EventParser(engine.json()), new Stats(engine.database()),
                engine.pause(), engine.backups(), engine.verifier(), engine.restore(), status, engine.tokens(), engine.audit(),
                engine.metrics(), engine.json(), engine.pruner(), engine.importer(),
                new DataDeletion(engine.database(), engine.pause()::paused), engine.diff(), engine.tableRestore(),
                engine.storeCheck(), engine.drill());
        ApiServer server = ApiServer.create(c.host().httpHost(), c.host().httpPort(), parts);
        server.start();
        String url = "http://" + c.host().httpHost() + ":" + server.port();
        ServerFile serverFile = new ServerFile(c.host().dataDir(), engine.json());
        try {
            serverFile.write(url);
        } catch (IOException e) {
            log.warn("cannot write {}: {}", c.host().dataDir().resolve("server.json"), e.getMessage());
        }
        log.info("Cartographus {} listening on {} (data {}, backups {}){}", version(), url, c.host().dataDir(), c.backup().backupDir(),
                engine.pause().maintenance() ? " in MAINTENANCE MODE: sync and scheduled backups are off" : "");
        scheduler.start();
        engine.scrubber().start();
        engine.drill().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down: finishing requests in flight, then checkpointing and closing the database");
            scheduler.close();
            server.stop();
            engine.close();
            serverFile.delete();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
