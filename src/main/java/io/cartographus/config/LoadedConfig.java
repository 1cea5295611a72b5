package io.cartographus.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A valid configuration plus the contradictions found in it (each warning says what will actually
 * happen), and where each setting that was set explicitly came from. The caller logs the warnings
 * once at start-up.
 *
 * @param sources for every non-secret setting given explicitly, where: {@link #ENVIRONMENT} or the
 *                path of the dotenv file or of {@code DATA_DIR/config.env}; a setting not in it took
 *                its default
 */
public record LoadedConfig(AppConfig config, List<String> warnings, Map<String, String> sources) {
    public static final String ENVIRONMENT = "the environment";

    public LoadedConfig {
        warnings = List.copyOf(warnings);
        sources = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(sources));
    }

    /** A configuration built in code: nothing was set explicitly. */
    public LoadedConfig(AppConfig config, List<String> warnings) {
        this(config, warnings, Map.of());
    }

    /** What a configuration backup records as set on purpose, so that a restore brings back only that (docs/design.md §6). */
    public java.util.Set<String> explicit() {
        return sources.keySet();
    }
}
