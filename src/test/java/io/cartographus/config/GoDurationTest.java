package io.cartographus.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.testing.Seeds;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest(name = "{0} = {1}s")
    @CsvSource({
            "24h, 86400", "90m, 5400", "1h30m, 5400", "36h, 129600", "7d, 604800", "1d12h, 129600",
            "1.5h, 5400", ".5h, 1800", "1h0m30s, 3630", "3600s, 3600", "3600000ms, 3600", "0, 0", "0s, 0",
            "8760h, 31536000", "365d, 31536000", "2h2h, 14400"})
    void parses_go_style_durations(String text, long seconds) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void parses_sub_second_units() {
        assertThat(GoDuration.parse("1s500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(GoDuration.parse("1us")).isEqualTo(Duration.ofNanos(1000));
        assertThat(GoDuration.parse("1µs")).isEqualTo(Duration.ofNanos(1000));
        assertThat(GoDuration.parse("7ns")).isEqualTo(Duration.ofNanos(7));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "24", "h", "24 h", " 24h", "-24h", "+24h", "24H", "1y", "1w", "1h 30m", "1..5h", "h5",
            "24hours", "abc", "1e3h", "99999999999999999h", "292y"})
    void refuses_what_is_not_a_duration(String text) {
        assertThat(GoDuration.parse(text)).isNull();
    }

    @ParameterizedTest(name = "{0}s as {1}")
    @CsvSource({"86400, 24h", "5400, 1h30m", "129600, 36h", "60, 1m", "3630, 1h0m30s", "1, 1s", "0, 0s"})
    void formats_the_way_the_guide_writes_durations(long seconds, String text) {
        assertThat(GoDuration.format(Duration.ofSeconds(seconds))).isEqualTo(text);
    }

    @Test
    void format_and_parse_round_trip_on_random_durations() {
        Random random = new Random(Seeds.seed("GoDurationTest.round_trip"));
        for (int i = 0; i < 2_000; i++) {
            Duration d = Duration.ofNanos(random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL >> random.nextInt(60));
            assertThat(GoDuration.parse(GoDuration.format(d))).as(d.toString()).isEqualTo(d);
        }
    }
}
