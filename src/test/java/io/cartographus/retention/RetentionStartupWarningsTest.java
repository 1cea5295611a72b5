package io.cartographus.retention;

import io.cartographus.config.RetentionPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetentionStartupWarningsTest {
    static Stream<Arguments> policies() {
        return Stream.of(
                Arguments.of(RetentionPolicy.defaults(), List.of()),
                Arguments.of(new RetentionPolicy(3, 0, 0, 0, 0, 0, 0), List.of("all BACKUP_RETENTION_KEEP_* rules are 0 and")),
                Arguments.of(new RetentionPolicy(3, 10, 0, 0, 0, 0, 0), List.of("all BACKUP_RETENTION_KEEP_* rules are 0: ")),
                Arguments.of(new RetentionPolicy(5, 2, 0, 24, 0, 0, 0), List.of("BACKUP_RETENTION_MIN_COUNT=5 is larger")),
                Arguments.of(new RetentionPolicy(1, 1, 0, 24, 0, 0, 0), List.of("BACKUP_RETENTION_MAX_COUNT=1: ")),
                // MAX_DAYS and MAX_COUNT against the keep windows: ConfigLoader already says so.
                Arguments.of(new RetentionPolicy(3, 5, 10, 24, 14, 8, 12), List.of()));
    }

    @ParameterizedTest
    @MethodSource("policies")
    void adds_only_what_the_config_loader_does_not_warn_about(RetentionPolicy p, List<String> starts) {
        List<String> extra = RetentionWarnings.beyondConfigLoader(p);
        assertThat(extra).hasSameSizeAs(starts);
        for (int i = 0; i < starts.size(); i++) {
            assertThat(extra.get(i)).startsWith(starts.get(i));
        }
        assertThat(RetentionWarnings.of(p)).containsAll(extra);
    }
}
