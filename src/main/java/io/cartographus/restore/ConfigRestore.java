package io.cartographus.restore;

import io.cartographus.config.ConfigSnapshot;
import io.cartographus.config.RestorableConfig;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.Permissions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * docs/design.md §6 step 7: the backup's sanitized settings go to {@code DATA_DIR/config.env}, applied at the next start. The
 * document was checked by {@link RestorableConfig} when the archive was validated (a configuration
 * that would not start is refused before anything is written); it is read through the same checks
 * again here, so nothing unchecked can reach the file. Secrets are never in a backup, so the
 * configured ones are kept; settings of this machine and of its trust are never restored.
 */
final class ConfigRestore {
    private final Path configEnvFile;

    ConfigRestore(Path configEnvFile) {
        this.configEnvFile = configEnvFile;
    }

    /** Writes the file; returns whether it did, adding what the operator should know to the lists. */
    boolean apply(byte[] document, List<String> warnings, List<String> errors) {
        RestorableConfig.Result c = RestorableConfig.read(document);
        if (!c.restorable()) {
            errors.add("the configuration was not restored: " + String.join("; ", c.problems()));
            return false;
        }
        try {
            AtomicFile.writeString(configEnvFile, ConfigSnapshot.toDotEnv(c.values()), Permissions.FILE);
        } catch (IOException e) {
            errors.add("cannot restore the configuration to " + configEnvFile + ": " + e.getMessage());
            return false;
        }
        warnings.add("configuration written to " + configEnvFile + "; it applies at the next start (real environment variables "
                + "and .env still take precedence; secrets are never restored, the configured ones are kept)");
        if (!c.skipped().isEmpty()) {
            warnings.add("settings of this machine (location, listening address, encryption, off-site destination, secrets) "
                    + "were not restored: " + String.join(", ", c.skipped()));
        }
        return true;
    }
}
