package io.cartographus.restore;

import io.cartographus.config.ConfigChange;
import io.cartographus.config.ConfigChanges;
import io.cartographus.config.ConfigLoader;
import io.cartographus.config.ConfigSnapshot;
import io.cartographus.config.LoadedConfig;
import io.cartographus.config.RestorableConfig;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.Permissions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * docs/design.md §6 step 7: the settings the backup's configuration gave explicitly go to
 * {@code DATA_DIR/config.env}, applied at the next start; what it left as defaults is not written,
 * so a default of that day never becomes a permanent setting. The document was checked by
 * {@link RestorableConfig} when the archive was validated (a configuration that would not start is
 * refused before anything is written); it is read through the same checks again here, so nothing
 * unchecked can reach the file. Secrets are never in a backup, so the configured ones are kept;
 * settings of this machine and of its trust are never restored. Each change (old → new) is reported.
 */
final class ConfigRestore {
    private final Path configEnvFile;
    private final LoadedConfig current;

    /** @param current the configuration in effect, to compare with; null when unknown (then against the defaults) */
    ConfigRestore(Path configEnvFile, LoadedConfig current) {
        this.configEnvFile = configEnvFile;
        this.current = current;
    }

    /** What restoring this document would change at the next start; null when it cannot be restored. */
    ConfigChanges preview(byte[] document, List<String> errors) {
        RestorableConfig.Result c = restorable(document, errors);
        return c == null ? null : changes(c.values());
    }

    /** Writes the file; returns the changes it makes, or null when it did not write, adding what the operator should know to the lists. */
    ConfigChanges apply(byte[] document, List<String> warnings, List<String> errors) {
        RestorableConfig.Result c = restorable(document, errors);
        if (c == null) {
            return null;
        }
        ConfigChanges changes = changes(c.values());
        try {
            // Nothing explicit and no earlier config.env: an empty file would change nothing but leave a trace.
            if (!c.values().isEmpty() || Files.exists(configEnvFile)) {
                AtomicFile.writeString(configEnvFile, ConfigSnapshot.toDotEnv(c.values()), Permissions.FILE);
            }
        } catch (IOException e) {
            errors.add("cannot restore the configuration to " + configEnvFile + ": " + e.getMessage());
            return null;
        }
        if (changes.changes().isEmpty()) {
            warnings.add("the backup's configuration is the one in effect: nothing changes at the next start");
        } else {
            warnings.add("configuration written to " + configEnvFile + "; at the next start "
                    + String.join(", ", changes.changes().stream().map(ConfigChange::toString).toList())
                    + " (environment variables and .env still take precedence; secrets are never restored, the configured ones are kept)");
        }
        warnings.addAll(changes.shadowed());
        if (!c.skipped().isEmpty()) {
            warnings.add("settings of this machine (location, listening address, encryption, off-site destination, secrets) "
                    + "were not restored: " + String.join(", ", c.skipped()));
        }
        return changes;
    }

    /** The checked document, or null with the reasons added to {@code errors}. */
    private static RestorableConfig.Result restorable(byte[] document, List<String> errors) {
        RestorableConfig.Result c = RestorableConfig.read(document);
        if (!c.restorable()) {
            errors.add("the configuration was not restored: " + String.join("; ", c.problems()));
            return null;
        }
        return c;
    }

    private ConfigChanges changes(Map<String, String> restored) {
        Map<String, String> defaults = ConfigLoader.defaultValues();
        Map<String, String> now = current == null ? defaults : ConfigSnapshot.sanitized(current.config());
        Map<String, String> sources = current == null ? Map.of() : current.sources();
        return ConfigChanges.of(now, sources, configEnvFile.toString(), restored, defaults);
    }
}
