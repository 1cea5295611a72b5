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
 * Merges the configuration layers (docs/design.md §2), highest first: the process environment, the dotenv
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

    /** One source's variables; {@code source} names it in messages (null for the environment). */
    private record Layer(Map<String, String> values, String source) {
        static final Layer NONE = new Layer(Map.of(), null);

        String describe() {
            return source == null ? "the environment" : source;
        }
    }

    private void merge(Map<String, String> env, Path wd) {
        Layer dotenv = dotenv(env, wd);
        ignore(dotenv, EnvNames.ENV_FILE, "it can only name the dotenv file from the environment");
        Layer restored = restored(env, dotenv, wd);
        ignore(restored, EnvNames.ENV_FILE, "it can only name the dotenv file from the environment");
        for (String name : LOCATIONS) {
            if (restored.values().containsKey(name)) {
                ignoredLocations.put(name, restored.values().get(name).strip());
            }
        }
        restoredSource = restored.source();
        put(restored, LOCATIONS);
        put(dotenv, Set.of(EnvNames.ENV_FILE));
        put(new Layer(env, null), Set.of());
        for (Layer layer : List.of(new Layer(env, null), dotenv, restored)) {
            warnUnknown(layer);
        }
    }

    /** CARTOGRAPHUS_ENV_FILE if set (then it must exist), else {@code .env} in the working directory if present. */
    private Layer dotenv(Map<String, String> env, Path wd) {
        Path local = wd.resolve(".env");
        String named = env.get(EnvNames.ENV_FILE);
        if (named == null || named.isBlank()) {
            return Files.isRegularFile(local) ? new Layer(readFile(local), local.toString()) : Layer.NONE;
        }
        Path file = resolve(wd, named.strip());
        if (file == null || !Files.exists(file)) {
            problems.add(EnvNames.ENV_FILE + "=" + named.strip() + ": accepted the path of an existing dotenv file"
                    + " (not found" + (file == null ? "" : ": " + file) + ")");
            return Layer.NONE;
        }
        if (!file.equals(local) && Files.isRegularFile(local)) {
            warnings.add(local + " is ignored because " + EnvNames.ENV_FILE + " names " + file);
        }
        return new Layer(readFile(file), file.toString());
    }

    /** DATA_DIR/config.env, where DATA_DIR comes from the environment or the dotenv file (it cannot move itself). */
    private Layer restored(Map<String, String> env, Layer dotenv, Path wd) {
        String dataDirText = env.containsKey(EnvNames.DATA_DIR) ? env.get(EnvNames.DATA_DIR)
                : dotenv.values().get(EnvNames.DATA_DIR);
        Path dataDir = resolve(wd, dataDirText == null ? "data" : dataDirText.strip());
        if (dataDir == null || !Files.exists(dataDir.resolve(CONFIG_ENV))) {
            return Layer.NONE;
        }
        return new Layer(readFile(dataDir.resolve(CONFIG_ENV)), dataDir.resolve(CONFIG_ENV).toString());
    }

    private void put(Layer layer, Collection<String> skipped) {
        layer.values().forEach((name, text) -> {
            if (!skipped.contains(name)) {
                merged.put(name, new Variables.Value(text, layer.source()));
            }
        });
    }

    private void ignore(Layer layer, String name, String why) {
        if (layer.values().containsKey(name)) {
            warnings.add(name + " in " + layer.source() + " is ignored: " + why);
        }
    }

    /** A BACKUP_* name we do not read is most likely a typo that would otherwise go unnoticed. */
    private void warnUnknown(Layer layer) {
        for (String name : new TreeSet<>(layer.values().keySet())) {
            if (name.startsWith("BACKUP_") && !EnvNames.ALL.contains(name)) {
                warnings.add(name + " (in " + layer.describe() + ") is not a known variable and is ignored;"
                        + " check its spelling");
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
