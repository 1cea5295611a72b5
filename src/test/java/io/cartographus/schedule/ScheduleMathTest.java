package io.cartographus.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The next slot in worked examples; every expected instant was worked out by hand from the zone's rules. */
class ScheduleMathTest {

    @ParameterizedTest(name = "{0} every {1} at {2}h, after {3}: {5}")
    @CsvSource(delimiter = '|', textBlock = """
            Europe/Berlin    | PT24H  |  2 | 2026-03-27T12:00:00Z | 2026-03-28T01:00:00Z | the day before the gap: 02:00 CET
            Europe/Berlin    | PT24H  |  2 | 2026-03-28T01:00:00Z | 2026-03-29T01:00:00Z | 02:00 is in the spring gap: 03:00 CEST
            Europe/Berlin    | PT24H  |  2 | 2026-03-29T01:00:00Z | 2026-03-30T00:00:00Z | back to 02:00, now CEST
            Europe/Berlin    | PT24H  |  2 | 2026-10-24T12:00:00Z | 2026-10-25T00:00:00Z | 02:00 happens twice: the first (CEST)
            Europe/Berlin    | PT24H  |  2 | 2026-10-25T00:00:00Z | 2026-10-26T01:00:00Z | the repeated 02:00 CET is no second slot
            Europe/Berlin    | PT24H  |  3 | 2026-10-24T12:00:00Z | 2026-10-25T02:00:00Z | 03:00 CET, after the overlap
            Europe/Berlin    | PT24H  | 23 | 2026-12-31T21:59:59Z | 2026-12-31T22:00:00Z | New Year's Eve at 23:00 CET
            Europe/Berlin    | PT24H  | 23 | 2026-12-31T22:00:00Z | 2027-01-01T22:00:00Z | across the year end
            Europe/Berlin    | PT24H  |  0 | 2026-12-31T22:59:59Z | 2026-12-31T23:00:00Z | midnight of 1 January local is still 2026 in UTC
            America/New_York | PT24H  |  2 | 2026-03-07T12:00:00Z | 2026-03-08T07:00:00Z | 02:00 is in the gap: 03:00 EDT
            America/New_York | PT24H  |  2 | 2026-03-08T07:00:00Z | 2026-03-09T06:00:00Z | 02:00 EDT
            America/New_York | PT24H  |  1 | 2026-10-31T12:00:00Z | 2026-11-01T05:00:00Z | 01:00 happens twice: the first (EDT)
            America/New_York | PT24H  |  1 | 2026-11-01T05:00:00Z | 2026-11-02T06:00:00Z | 01:00 EST the next day
            Australia/Sydney | PT24H  |  2 | 2026-10-03T00:00:00Z | 2026-10-03T16:00:00Z | 02:00 is in the October gap: 03:00 AEDT
            Australia/Sydney | PT24H  |  2 | 2026-04-04T00:00:00Z | 2026-04-04T15:00:00Z | 02:00 happens twice in April: the first (AEDT)
            Australia/Sydney | PT24H  |  2 | 2026-04-04T15:00:00Z | 2026-04-05T16:00:00Z | 02:00 AEST
            America/Santiago | PT24H  |  0 | 2026-09-05T12:00:00Z | 2026-09-06T04:00:00Z | midnight is in the gap: 01:00 -03
            UTC              | PT24H  |  0 | 2026-12-31T23:59:59Z | 2027-01-01T00:00:00Z | midnight of the new year
            UTC              | PT24H  | 23 | 2026-12-31T23:00:00Z | 2027-01-01T23:00:00Z | strictly after: not the same instant
            UTC              | PT24H  |  2 | 2028-02-28T03:00:00Z | 2028-02-29T02:00:00Z | the leap day is a day like any other
            UTC              | PT72H  |  2 | 2028-02-27T00:00:00Z | 2028-02-29T02:00:00Z | epoch day 21243 is a multiple of 3
            UTC              | PT48H  |  2 | 2028-02-28T02:00:00Z | 2028-03-01T02:00:00Z | epoch day 21243 is odd: the leap day is skipped
            UTC              | PT36H  |  2 | 2028-02-28T02:00:00Z | 2028-03-01T02:00:00Z | 36h rounds to every 2 days
            UTC              | PT168H |  2 | 2026-03-04T12:00:00Z | 2026-03-05T02:00:00Z | weekly runs on Thursdays (1970-01-01 was one)
            Europe/Berlin    | PT168H |  2 | 2026-03-26T01:00:00Z | 2026-04-02T00:00:00Z | a calendar week across the spring gap is 167h
            UTC              | PT5H   |  2 | 2026-03-04T02:00:00Z | 2026-03-04T07:00:00Z | 02:00 07:00 12:00 17:00 22:00
            UTC              | PT5H   |  2 | 2026-03-04T22:00:00Z | 2026-03-05T02:00:00Z | the day restarts at 02:00: 4h gap
            UTC              | PT5H   | 10 | 2026-03-03T21:00:00Z | 2026-03-04T00:00:00Z | 00:00 05:00 10:00 15:00 20:00
            UTC              | PT5H   | 10 | 2026-03-04T00:00:00Z | 2026-03-04T05:00:00Z | slots before the preferred hour count
            UTC              | PT7H   |  0 | 2026-03-04T21:00:00Z | 2026-03-05T00:00:00Z | 00:00 07:00 14:00 21:00
            UTC              | PT1H   | 23 | 2026-03-04T10:15:00Z | 2026-03-04T11:00:00Z | hourly is every hour whatever the preferred hour
            UTC              | PT90M  |  2 | 2026-03-04T00:00:00Z | 2026-03-04T00:30:00Z | 00:30 02:00 03:30 … 23:00
            Europe/Berlin    | PT1H   |  2 | 2026-03-29T00:30:00Z | 2026-03-29T01:00:00Z | 02:00 is in the gap: 03:00 CEST
            Europe/Berlin    | PT1H   |  2 | 2026-03-29T01:00:00Z | 2026-03-29T02:00:00Z | the 03:00 slot is the same instant: 04:00
            Europe/Berlin    | PT1H   |  2 | 2026-10-25T00:00:00Z | 2026-10-25T02:00:00Z | the repeated hour runs once: 03:00 CET
            Europe/Berlin    | PT5H   |  2 | 2026-03-28T21:00:00Z | 2026-03-29T01:00:00Z | 02:00 in the gap: 03:00 CEST
            Europe/Berlin    | PT5H   |  2 | 2026-03-29T01:00:00Z | 2026-03-29T05:00:00Z | 07:00 CEST
            America/New_York | PT5H   |  2 | 2026-11-01T00:00:00Z | 2026-11-01T02:00:00Z | 22:00 EDT the evening before
            America/New_York | PT5H   |  2 | 2026-11-01T02:00:00Z | 2026-11-01T07:00:00Z | 02:00 EST, after the repeated 01:00 hour
            Australia/Sydney | PT1H   |  2 | 2026-10-03T15:30:00Z | 2026-10-03T16:00:00Z | 02:00 in the gap: 03:00 AEDT
            """)
    void finds_the_first_slot_strictly_after(ZoneId zone, Duration interval, int hour, Instant after,
            Instant expected, String why) {
        assertThat(ScheduleMath.nextSlot(after, interval, hour, zone)).as(why).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: every {1} days, rounded = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            PT1H     | 0 | false
            PT23H59M | 0 | false
            PT24H    | 1 | false
            PT30H    | 1 | true
            PT35H59M | 1 | true
            PT36H    | 2 | true
            PT47H    | 2 | true
            PT48H    | 2 | false
            PT60H    | 3 | true
            PT168H   | 7 | false
            """)
    void rounds_the_interval_to_whole_days_half_up(Duration interval, long days, boolean rounded) {
        assertThat(ScheduleMath.intervalDays(interval)).isEqualTo(days);
        assertThat(ScheduleMath.roundsInterval(interval)).isEqualTo(rounded);
    }

    @Test
    void rejects_settings_it_cannot_schedule() {
        Instant now = Instant.parse("2026-03-04T12:00:00Z");
        ZoneId utc = ZoneId.of("UTC");

        assertThatThrownBy(() -> ScheduleMath.nextSlot(now, Duration.ZERO, 2, utc))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScheduleMath.nextSlot(now, Duration.ofHours(24), 24, utc))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24");
        assertThatThrownBy(() -> ScheduleMath.plan(null, now, Duration.ofHours(-1), 2, utc))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
