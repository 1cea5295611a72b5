package io.cartographus.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Merges the configuration layers (SPEC §2), highest first: the process environment, the dotenv
 * file ({@code .env} in the working directory, or {@code CARTOGRAPHUS_ENV_FILE}), the
 * {@code DATA_DIR/config.env} written by a config restore. The caller applies the defaults.
 */
final class ConfigSources {
    static final String CONFIG_ENV = "config.env";
    /** Larger than any sane dotenv file: a bigger one is most likely the wrong file (a database…). */
    private static final long MAX_FILE_BYTES = 1 << 20;

    /**
     * Where the data lives is a property of this machine, not of the backup a config.env was restored
     * from: applying them from there could point the service at an empty database after a migration.
     */
    private static final List<String> LOCATIONS = List.of(EnvNames.DATA_DIR, EnvNames.DUCKDB_PATH, EnvNames.DIR);

    private final Map<String, Variables.Value> merged = new HashMap<>();
    private final Map<String, String> ignoredLocations = new HashMap<>();
    private String restoredSource;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private ConfigSources() {
    }

    static ConfigSources read(Map<String, String> env, Path workingDirectory) {
        ConfigSources s = new ConfigSources();
        s.merge(env, workingDirectory.toAbsolutePath().normalize());
        return s;
    }

    Map<String, Variables.Value> values() {
        return merged;
    }

    List<String> problems() {
        return problems;
    }

    List<String> warnings() {
        return warnings;
    }

    /** One warning per location setting of config.env that differs from the one in effect. */
    List<String> ignoredLocationWarnings(AppConfig effective, Path wd) {
        Path dataDir = effective.host().dataDir();
        Map<String, Path> inEffect = Map.of(EnvNames.DATA_DIR, dataDir,
                EnvNames.DUCKDB_PATH, effective.host().duckdbPath(), EnvNames.DIR, effective.backup().backupDir());
        Map<String, Path> base = Map.of(EnvNames.DATA_DIR, wd, EnvNames.DUCKDB_PATH, dataDir, EnvNames.DIR, wd);
        List<String> result = new ArrayList<>();
        for (String name : LOCATIONS) {
            String text = ignoredLocations.get(name);
            Path wanted = text == null ? null : resolve(base.get(name), text);
            if (wanted != null && !wanted.equals(inEffect.get(name))) {
                result.add(name + "=" + wanted + " in " + restoredSource + " is ignored, " + inEffect.get(name)
                        + " is used: locations are only taken from the environment or the dotenv file");
            }
        }
        return result;
    }

    /** {@code text} as an absolute normalized path, relative ones taken against {@code base}; null if no path. */
    static Path resolve(Path base, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return base.resolve(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private void merge(Map<String, String> env, Path wd) {
        Map<String, String> dotenv = Map.of();
        String dotenvSource = null;
        String named = env.get(EnvNames.ENV_FILE);
        if (named != null && !named.isBlank()) {
            Path file = resolve(wd, named.strip());
            if (file == null || !Files.exists(file)) {
                problems.add(EnvNames.ENV_FILE + "=" + named.strip() + ": accepted the path of an existing dotenv file"
                        + " (not found" + (file == null ? "" : ": " + file) + ")");
            } else {
                dotenvSource = file.toString();
                dotenv = readFile(file);
                if (!file.equals(wd.resolve(".env")) && Files.isRegularFile(wd.resolve(".env"))) {
                    warnings.add(wd.resolve(".env") + " is ignored because " + EnvNames.ENV_FILE + " names " + file);
                }
            }
        } else if (Files.isRegularFile(wd.resolve(".env"))) {
            dotenvSource = wd.resolve(".env").toString();
            dotenv = readFile(wd.resolve(".env"));
        }
        ignore(dotenv, dotenvSource, EnvNames.ENV_FILE, "it can only name the dotenv file from the environment");

        String dataDirText = env.containsKey(EnvNames.DATA_DIR) ? env.get(EnvNames.DATA_DIR) : dotenv.get(EnvNames.DATA_DIR);
        Path dataDir = resolve(wd, dataDirText == null ? "data" : dataDirText.strip());
        Map<String, String> restored = Map.of();
        String restoredSource = null;
        if (dataDir != null && Files.exists(dataDir.resolve(CONFIG_ENV))) {
            restoredSource = dataDir.resolve(CONFIG_ENV).toString();
            restored = readFile(dataDir.resolve(CONFIG_ENV));
            ignore(restored, restoredSource, EnvNames.ENV_FILE, "it can only name the dotenv file from the environment");
        }

        for (String name : LOCATIONS) {
            if (restored.containsKey(name)) {
                ignoredLocations.put(name, restored.get(name).strip());
            }
        }
        this.restoredSource = restoredSource;
        put(restored, restoredSource, LOCATIONS);
        put(dotenv, dotenvSource, Set.of(EnvNames.ENV_FILE));
        put(env, null, Set.of());
        warnUnknown(env, dotenv, dotenvSource, restored, restoredSource);
    }

    private void put(Map<String, String> layer, String source, Collection<String> skipped) {
        layer.forEach((name, text) -> {
            if (!skipped.contains(name)) {
                merged.put(name, new Variables.Value(text, source));
            }
        });
    }

    private void ignore(Map<String, String> layer, String source, String name, String why) {
        if (layer.containsKey(name)) {
            warnings.add(name + " in " + source + " is ignored: " + why);
        }
    }

    /** A BACKUP_* name we do not read is most likely a typo that would otherwise go unnoticed. */
    private void warnUnknown(Map<String, String> env, Map<String, String> dotenv, String dotenvSource,
                             Map<String, String> restored, String restoredSource) {
        List<Map<String, String>> layers = List.of(env, dotenv, restored);
        List<String> sources = new ArrayList<>(List.of("the environment", String.valueOf(dotenvSource),
                String.valueOf(restoredSource)));
        for (int i = 0; i < layers.size(); i++) {
            for (String name : new TreeSet<>(layers.get(i).keySet())) {
                if (name.startsWith("BACKUP_") && !EnvNames.ALL.contains(name)) {
                    warnings.add(name + " (in " + sources.get(i) + ") is not a known variable and is ignored;"
                            + " check its spelling");
                }
            }
        }
    }

    private Map<String, String> readFile(Path file) {
        try {
            if (Files.isDirectory(file)) {
                problems.add(file + ": accepted a dotenv file, found a directory");
                return Map.of();
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                problems.add(file + ": accepted a dotenv file of at most 1 MiB, found " + Files.size(file)
                        + " bytes (is this the right file?)");
                return Map.of();
            }
            DotEnv.Parsed parsed = DotEnv.read(Files.readString(file), file.toString());
            problems.addAll(parsed.problems());
            return parsed.values();
        } catch (MalformedInputException e) {
            problems.add(file + ": accepted UTF-8 text, found bytes that are not");
        } catch (AccessDeniedException e) {
            problems.add(file + ": cannot be read (permission denied)");
        } catch (IOException e) {
            problems.add(file + ": cannot be read (" + e + ")");
        }
        return Map.of();
    }
}
