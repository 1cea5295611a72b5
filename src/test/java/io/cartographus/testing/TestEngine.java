package io.cartographus.testing;

import io.cartographus.Main;
import io.cartographus.backup.BackupContext;
import io.cartographus.backup.BackupJob;
import io.cartographus.backup.BackupListener;
import io.cartographus.backup.BackupRequest;
import io.cartographus.backup.Backups;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.Trigger;
import io.cartographus.config.BackupType;
import io.cartographus.config.Compression;
import io.cartographus.config.ConfigLoader;
import io.cartographus.config.ConfigSnapshot;
import io.cartographus.config.RetentionPolicy;
import io.cartographus.engine.Engine;
import io.cartographus.host.DemoData;
import io.cartographus.notify.NotificationEvent;
import io.cartographus.restore.RestoreOptions;
import io.cartographus.restore.RestoreResponse;
import io.cartographus.restore.ServicePause;
import io.cartographus.retention.PruneSettings;
import io.cartographus.retention.Pruner;
import io.cartographus.schedule.BackupScheduler;
import io.cartographus.schedule.SchedulerContext;
import io.cartographus.schedule.SchedulerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * The real engine, built by {@link Main} from an environment exactly as an offline CLI command builds
 * it, on a DATA_DIR in a test's temporary directory. Main's wiring fixes a few things a test must
 * vary (the clock, the backup listener, the free-space margin); for those the fixture rebuilds only
 * that one object from the engine's own parts, so everything else a test touches is what production runs.
 */
public final class TestEngine implements AutoCloseable {
    private final Setup setup;
    private final Engine engine;
    private final List<NotificationEvent> sent = new CopyOnWriteArrayList<>();
    // Runs the background backups of objects rebuilt at the setup's clock; threads start only when used.
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final List<BackupScheduler> schedulers = new ArrayList<>();

    private TestEngine(Setup setup, Engine engine) {
        this.setup = setup;
        this.engine = engine;
    }

    /**
     * What to build: DATA_DIR, the environment and the clock. Backups are not scheduled and not
     * test-restored unless a test says so, because background work a test did not ask for makes its
     * outcome depend on timing. Relative paths in the environment resolve against DATA_DIR's parent.
     */
    public record Setup(Path dataDir, Map<String, String> env, Clock clock) {
        public Setup {
            env = Map.copyOf(env);
        }

        public Setup with(String name, String value) {
            return with(Map.of(name, value));
        }

        public Setup with(Map<String, String> settings) {
            Map<String, String> changed = new HashMap<>(env);
            changed.putAll(settings);
            return new Setup(dataDir, changed, clock);
        }

        /** BACKUP_COMPRESSION_* for archives compressed with {@code c}. */
        public Setup compressed(Compression c) {
            return c == Compression.NONE ? with("BACKUP_COMPRESSION_ENABLED", "false")
                    : with(Map.of("BACKUP_COMPRESSION_ENABLED", "true", "BACKUP_COMPRESSION_ALGORITHM", c.name().toLowerCase(Locale.ROOT)));
        }

        /** The clock of what the fixture builds beside the engine (job, pruner, scheduler); the engine's own objects keep Main's. */
        public Setup at(Clock clock) {
            return new Setup(dataDir, env, clock);
        }

        /** The engine with its database opened, when it opens. */
        public TestEngine start() {
            TestEngine t = startClosed();
            try {
                t.engine.database().open();
            } catch (RuntimeException e) {
                // Some tests start on a database that does not open; the engine still works without it.
            }
            return t;
        }

        /** The engine with its database not opened, as a server finds a database it cannot open. */
        public TestEngine startClosed() {
            Map<String, String> all = new HashMap<>(env);
            all.put("DATA_DIR", dataDir.toString());
            return new TestEngine(this, new Main().engine(ConfigLoader.load(all, dataDir.getParent())));
        }
    }

    public static Setup on(Path dataDir) {
        return new Setup(dataDir, Map.of("BACKUP_SCHEDULE_ENABLED", "false", "BACKUP_VERIFY", "false"), Clock.systemUTC());
    }

    /** {@code on(dataDir)} with {@code settings} as name, value, name, value …, started. */
    public static TestEngine open(Path dataDir, String... settings) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i + 1 < settings.length; i += 2) {
            env.put(settings[i], settings[i + 1]);
        }
        return on(dataDir).with(env).start();
    }

    public Engine engine() {
        return engine;
    }

    public Path dataDir() {
        return setup.dataDir();
    }

    public Path backupDir() {
        return engine.catalog().files().dir();
    }

    /** What the pruner and scheduler built here sent, in order. */
    public List<NotificationEvent> sent() {
        return sent;
    }

    public void seed(long events) {
        new DemoData(engine.database()).seed(events, 20);
    }

    public long events() {
        return engine.database().read(c -> {
            try (var s = c.createStatement(); var r = s.executeQuery("SELECT count(*) FROM playback_events")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    /** A manual backup through the engine's own Backups, so its listeners (verification, off-site) run. */
    public BackupRecord backup(BackupType type) {
        return engine.backups().create(new BackupRequest(type, Trigger.MANUAL, "test"));
    }

    public Path archive(BackupRecord r) {
        return engine.catalog().files().archive(r.fileName());
    }

    public RestoreResponse restore(String id, Boolean preRestore, Boolean force) {
        return engine.restore().restore(id, new RestoreOptions(null, preRestore, null, null, null, force, null));
    }

    public List<BackupRecord> withTrigger(Trigger t) {
        return engine.catalog().all().stream().filter(r -> r.trigger() == t).toList();
    }

    /** Waits until the backup's off-site state is {@code status} and returns the record. */
    public BackupRecord awaitOffsite(String id, String status) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> engine.catalog().get(id).orElseThrow(),
                        r -> r.offsite() != null && status.equals(r.offsite().status()));
    }

    /**
     * A backup job like the engine's (same database, catalog, archive settings and configuration
     * document, written as Main writes it) at the setup's clock, reporting to {@code listener} only
     * and keeping {@code spaceMargin} bytes free: what Main does not let a test choose.
     */
    public BackupJob job(BackupListener listener, long spaceMargin) {
        String version = new Main().version();
        byte[] document;
        try {
            document = engine.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(ConfigSnapshot.document(engine.config(), version));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BackupJob(engine.database(), engine.catalog(), engine.backups().job().settings(),
                new BackupContext(() -> document, listener, setup.clock(), version, engine.config().backup().verify(), spaceMargin),
                engine.json());
    }

    /**
     * A pruner at the setup's clock for {@code policy}, sending to {@link #sent}; its backups (a
     * retention backup is named after the clock) share the engine's lock and in-use claims.
     * {@code retentionBackupType} null: backups are disabled.
     */
    public Pruner pruner(RetentionPolicy policy, BackupType retentionBackupType) {
        Backups backups = new Backups(job(BackupListener.NONE, BackupContext.DEFAULT_SPACE_MARGIN), engine.catalog(),
                engine.backups().lock(), engine.backups().inUse(), worker);
        return new Pruner(backups, new PruneSettings(policy, ZoneOffset.UTC, retentionBackupType), engine.metrics(), sent::add,
                setup.clock());
    }

    /** A started scheduler over the engine's backups and pruner whose slots follow the setup's clock; closed with the fixture. */
    public BackupScheduler scheduler(SchedulerOptions options, ServicePause pause) {
        BackupScheduler s = new BackupScheduler(engine.backups(), engine.pruner(), options,
                new SchedulerContext(pause, engine.metrics(), sent::add, setup.clock()));
        schedulers.add(s);
        s.start();
        return s;
    }

    /** Names of the entries of a directory, for "nothing left behind" checks. */
    public static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Override
    public void close() {
        schedulers.forEach(BackupScheduler::close);
        worker.shutdownNow();
        engine.close();
    }
}
