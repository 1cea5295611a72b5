package io.cartographus.restore;

import io.cartographus.engine.Engine;
import io.cartographus.Main;
import io.cartographus.backup.BackupRequest;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Trigger;
import io.cartographus.config.ConfigLoader;
import io.cartographus.host.DemoData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The real engine (as the offline CLI builds it) on a data directory in a test's temporary directory. */
final class TestEngine implements AutoCloseable {
    final Path dataDir;
    final Engine engine;

    private TestEngine(Path dataDir, Engine engine) {
        this.dataDir = dataDir;
        this.engine = engine;
    }

    static TestEngine open(Path dataDir, String... extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("DATA_DIR", dataDir.toString());
        env.put("BACKUP_SCHEDULE_ENABLED", "false");
        env.put("BACKUP_VERIFY", "false");
        for (int i = 0; i + 1 < extraEnv.length; i += 2) {
            env.put(extraEnv[i], extraEnv[i + 1]);
        }
        Engine engine = new Main().engine(ConfigLoader.load(env, dataDir.getParent()));
        try {
            engine.database().open();
        } catch (RuntimeException e) {
            // Some tests start on a database that does not open; the engine still works.
        }
        return new TestEngine(dataDir, engine);
    }

    Path backupDir() {
        return engine.catalog().files().dir();
    }

    void seed(long events) {
        new DemoData(engine.database()).seed(events, 20);
    }

    long events() {
        return engine.database().read(c -> {
            try (var s = c.createStatement(); var r = s.executeQuery("SELECT count(*) FROM playback_events")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    BackupRecord backup(BackupType type) {
        return engine.backups().create(new BackupRequest(type, Trigger.MANUAL, "test"));
    }

    Path archive(BackupRecord r) {
        return engine.catalog().files().archive(r.fileName());
    }

    RestoreResponse restore(String id, Boolean preRestore, Boolean force) {
        return engine.restore().restore(id, new RestoreOptions(null, preRestore, null, null, null, force, null));
    }

    /** Names of the entries of a directory, for "nothing left behind" checks. */
    static java.util.Set<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
