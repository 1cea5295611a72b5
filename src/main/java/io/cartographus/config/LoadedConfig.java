package io.cartographus.config;

import java.util.List;

/**
 * A valid configuration plus the contradictions found in it (each warning says what will actually
 * happen). The caller logs the warnings once at start-up.
 */
public record LoadedConfig(AppConfig config, List<String> warnings) {
    public LoadedConfig {
        warnings = List.copyOf(warnings);
    }
}
