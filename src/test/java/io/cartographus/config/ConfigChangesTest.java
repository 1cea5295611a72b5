package io.cartographus.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a new config.env changes, against what is in effect and where each value comes from. */
class ConfigChangesTest {
    private static final String CONFIG_ENV = "/data/config.env";
    private static final Map<String, String> DEFAULTS = Map.of("BACKUP_SCHEDULE_ENABLED", "true", "BACKUP_INTERVAL", "24h",
            "BACKUP_VERIFY", "true");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a backup taken with defaults changes nothing",
                        DEFAULTS, Map.of(), Map.of(), List.of(), 0),
                Arguments.of("an explicit setting of the backup is a change",
                        DEFAULTS, Map.of(), Map.of("BACKUP_SCHEDULE_ENABLED", "false"),
                        List.of(new ConfigChange("BACKUP_SCHEDULE_ENABLED", "true", "false")), 0),
                Arguments.of("a setting equal to the one in effect is not a change",
                        DEFAULTS, Map.of(), Map.of("BACKUP_INTERVAL", "24h"), List.of(), 0),
                Arguments.of("what the current config.env gives and the backup does not goes back to its default",
                        Map.of("BACKUP_SCHEDULE_ENABLED", "true", "BACKUP_INTERVAL", "36h", "BACKUP_VERIFY", "true"),
                        Map.of("BACKUP_INTERVAL", CONFIG_ENV), Map.of(),
                        List.of(new ConfigChange("BACKUP_INTERVAL", "36h", "24h")), 0),
                Arguments.of("the environment outranks config.env: no change, and a warning",
                        Map.of("BACKUP_SCHEDULE_ENABLED", "true", "BACKUP_INTERVAL", "12h", "BACKUP_VERIFY", "true"),
                        Map.of("BACKUP_INTERVAL", LoadedConfig.ENVIRONMENT), Map.of("BACKUP_INTERVAL", "36h"), List.of(), 1),
                Arguments.of("the dotenv file outranks config.env too, but agreeing with it is no warning",
                        Map.of("BACKUP_SCHEDULE_ENABLED", "true", "BACKUP_INTERVAL", "36h", "BACKUP_VERIFY", "true"),
                        Map.of("BACKUP_INTERVAL", "/srv/.env"), Map.of("BACKUP_INTERVAL", "36h"), List.of(), 0),
                Arguments.of("changes come sorted by name",
                        DEFAULTS, Map.of(), Map.of("BACKUP_VERIFY", "false", "BACKUP_INTERVAL", "48h"),
                        List.of(new ConfigChange("BACKUP_INTERVAL", "24h", "48h"), new ConfigChange("BACKUP_VERIFY", "true", "false")), 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void changes(String what, Map<String, String> current, Map<String, String> sources, Map<String, String> restored,
                 List<ConfigChange> expected, int shadowed) {
        ConfigChanges c = ConfigChanges.of(current, sources, CONFIG_ENV, restored, DEFAULTS);
        assertThat(c.changes()).isEqualTo(expected);
        assertThat(c.shadowed()).hasSize(shadowed);
        if (shadowed > 0) {
            assertThat(c.shadowed().get(0)).contains("the environment").contains("takes precedence");
        }
    }
}
