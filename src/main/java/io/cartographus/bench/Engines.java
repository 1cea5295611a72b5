package io.cartographus.bench;

import io.cartographus.engine.Engine;
import io.cartographus.config.ConfigLoader;
import io.cartographus.config.LoadedConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds engines the way the program does (Main's wiring) from a configuration written as
 * environment variables, so the benchmark measures the production code path. The environment of
 * the benchmark process itself is not read: a stray BACKUP_* variable cannot change the numbers.
 */
final class Engines {
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Function<LoadedConfig, Engine> wiring;
    private final Path workingDirectory;
    private final Path dataDir;
    private final Path backupDir;
    private final String encryptionKey;

    /** Makes engines for a work directory; one per benchmark, holding Main's wiring. */
    record Factory(Function<LoadedConfig, Engine> wiring) {
        Engines at(Path workingDirectory, Path dataDir, Path backupDir) {
            return new Engines(wiring, workingDirectory, dataDir, backupDir);
        }
    }

    private Engines(Function<LoadedConfig, Engine> wiring, Path workingDirectory, Path dataDir, Path backupDir) {
        this.wiring = wiring;
        this.workingDirectory = workingDirectory;
        this.dataDir = dataDir;
        this.backupDir = backupDir;
        this.encryptionKey = generatedKey(40);
    }

    /** The variables every benchmark engine shares: no scheduler, no background verification, UTC. */
    Map<String, String> baseVariables() {
        Map<String, String> env = new HashMap<>();
        env.put("DATA_DIR", dataDir.toString());
        env.put("BACKUP_DIR", backupDir.toString());
        env.put("BACKUP_SCHEDULE_ENABLED", "false");
        // Verification runs in the background after each backup; it would compete with the next measurement.
        env.put("BACKUP_VERIFY", "false");
        env.put("BACKUP_TIMEZONE", "UTC");
        env.put("BACKUP_ENCRYPTION_KEY", encryptionKey);
        return env;
    }

    /** An engine for {@code setting} with its database open. */
    Engine open(Setting setting) {
        Engine e = create(setting);
        try {
            e.database().open();
            return e;
        } catch (RuntimeException ex) {
            e.close();
            throw ex;
        }
    }

    /** An engine for {@code setting}, database not opened. */
    Engine create(Setting setting) {
        Map<String, String> env = baseVariables();
        env.putAll(setting.variables());
        return wiring.apply(ConfigLoader.load(env, workingDirectory));
    }

    static String generatedKey(int length) {
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(KEY_ALPHABET.charAt(random.nextInt(KEY_ALPHABET.length())));
        }
        return b.toString();
    }
}
