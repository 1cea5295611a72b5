package io.cartographus.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScheduleWarningsTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("PT24H", 2, List.of()),
                Arguments.of("PT48H", 2, List.of()),
                Arguments.of("PT168H", 2, List.of()),
                Arguments.of("PT1H", 2, List.of()),
                Arguments.of("PT6H", 2, List.of()),
                Arguments.of("PT90M", 2, List.of()),
                Arguments.of("PT36H", 2, List.of(
                        "BACKUP_INTERVAL=36h is not a whole number of days, it will run every 2 days at 02:00"
                                + " (BACKUP_TIMEZONE)")),
                Arguments.of("PT25H", 23, List.of(
                        "BACKUP_INTERVAL=25h is not a whole number of days, it will run every 1 day at 23:00"
                                + " (BACKUP_TIMEZONE)")),
                Arguments.of("PT60H", 0, List.of(
                        "BACKUP_INTERVAL=60h is not a whole number of days, it will run every 3 days at 00:00"
                                + " (BACKUP_TIMEZONE)")),
                Arguments.of("PT5H", 2, List.of(
                        "BACKUP_INTERVAL=5h does not divide 24h: the slots restart every day in line with"
                                + " BACKUP_PREFERRED_HOUR=2, so backups run at 02:00, 07:00, 12:00, 17:00, 22:00"
                                + " and the gap across midnight is 4h")),
                Arguments.of("PT7H", 0, List.of(
                        "BACKUP_INTERVAL=7h does not divide 24h: the slots restart every day in line with"
                                + " BACKUP_PREFERRED_HOUR=0, so backups run at 00:00, 07:00, 14:00, 21:00"
                                + " and the gap across midnight is 3h")),
                Arguments.of("PT100M", 2, List.of(
                        "BACKUP_INTERVAL=100m does not divide 24h: the slots restart every day in line with"
                                + " BACKUP_PREFERRED_HOUR=2, so backups run at 15 slots from 00:20 to 23:40"
                                + " and the gap across midnight is 40m")));
    }

    @ParameterizedTest(name = "{0} at {1}h")
    @MethodSource("cases")
    void warns_when_the_interval_cannot_be_kept_exactly(String interval, int hour, List<String> expected) {
        assertThat(ScheduleWarnings.of(Duration.parse(interval), hour)).containsExactlyElementsOf(expected);
    }
}
