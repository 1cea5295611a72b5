package io.cartographus.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.config.ConfigSnapshot;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.Permissions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * docs/design.md §6 step 7: the backup's sanitized settings go to {@code DATA_DIR/config.env}, applied at the
 * next start. Secrets are never in a backup, so the configured ones are kept; settings that describe
 * this machine rather than the data are not moved.
 */
final class ConfigRestore {
    /**
     * Settings a configuration restore never writes: where this machine keeps things, and the encryption
     * key id, which names one key — restored, it would pair a key set later with the wrong id.
     */
    private static final Set<String> MACHINE_SETTINGS = Set.of("DATA_DIR", "DUCKDB_PATH", "BACKUP_DIR", "HTTP_HOST",
            "HTTP_PORT", "MAINTENANCE_MODE", "BACKUP_ENCRYPTION_KEY_ID");

    private final Path configEnvFile;
    private final ObjectMapper json = new ObjectMapper();

    ConfigRestore(Path configEnvFile) {
        this.configEnvFile = configEnvFile;
    }

    /** Writes the file; returns whether it did, adding what the operator should know to the lists. */
    boolean apply(byte[] document, List<String> warnings, List<String> errors) {
        try {
            JsonNode env = json.readTree(document).path("environment");
            Map<String, String> values = new TreeMap<>();
            List<String> skipped = new ArrayList<>();
            env.fields().forEachRemaining(e -> {
                if (MACHINE_SETTINGS.contains(e.getKey())) {
                    skipped.add(e.getKey());
                } else if (!ConfigSnapshot.secretNames().contains(e.getKey())) {
                    values.put(e.getKey(), e.getValue().asText());
                }
            });
            AtomicFile.writeString(configEnvFile, ConfigSnapshot.toDotEnv(values), Permissions.FILE);
            warnings.add("configuration written to " + configEnvFile + "; it applies at the next start (real environment variables "
                    + "and .env still take precedence; secrets are never restored, the configured ones are kept)");
            if (!skipped.isEmpty()) {
                warnings.add("machine-specific settings were not restored: " + String.join(", ", skipped));
            }
            return true;
        } catch (IOException e) {
            errors.add("cannot restore the configuration to " + configEnvFile + ": " + e.getMessage());
            return false;
        }
    }
}
