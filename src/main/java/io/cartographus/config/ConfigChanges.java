package io.cartographus.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What writing a new {@code config.env} changes at the next start, worked out before it is written
 * (docs/design.md §6). config.env ranks below the environment and the dotenv file, so a setting one of
 * those gives keeps its value whatever the backup says (that is "shadowed", and said); a setting the
 * current config.env gives and the new one does not goes back to its default.
 *
 * @param changes  each setting whose value will differ, sorted by name
 * @param shadowed one sentence per setting of the backup that will not apply, and why
 */
public record ConfigChanges(List<ConfigChange> changes, List<String> shadowed) {
    public ConfigChanges {
        changes = List.copyOf(changes);
        shadowed = List.copyOf(shadowed);
    }

    /**
     * @param current   the effective value of every non-secret setting now ({@link ConfigSnapshot#sanitized})
     * @param sources   where each explicit setting came from ({@link LoadedConfig#sources})
     * @param configEnv how {@code sources} names the config.env file
     * @param restored  what the new config.env will hold
     * @param defaults  {@link ConfigLoader#defaultValues}
     */
    public static ConfigChanges of(Map<String, String> current, Map<String, String> sources, String configEnv,
                                   Map<String, String> restored, Map<String, String> defaults) {
        TreeSet<String> names = new TreeSet<>(restored.keySet());
        sources.forEach((name, source) -> {
            if (source.equals(configEnv)) {
                names.add(name);
            }
        });
        List<ConfigChange> changes = new ArrayList<>();
        List<String> shadowed = new ArrayList<>();
        for (String name : names) {
            String now = current.get(name);
            String source = sources.get(name);
            if (source != null && !source.equals(configEnv)) {
                String wanted = restored.get(name);
                if (wanted != null && !wanted.equals(now)) {
                    shadowed.add(name + "=" + wanted + " from the backup does not apply: " + source + " sets " + name + "=" + now
                            + ", which takes precedence over config.env");
                }
                continue;
            }
            String after = restored.containsKey(name) ? restored.get(name) : defaults.get(name);
            if (!Objects.equals(after, now)) {
                changes.add(new ConfigChange(name, now, after));
            }
        }
        return new ConfigChanges(changes, shadowed);
    }
}
