package io.cartographus.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Start-up and after-run decisions: catch-up after downtime, clocks that moved back. */
class SchedulePlanTest {

    @ParameterizedTest(name = "{7}")
    @CsvSource(delimiter = '|', nullValues = "never", textBlock = """
            never                | 2026-03-04T12:00:00Z | PT24H | 2 | UTC           | 2026-03-05T02:00:00Z | false | never ran: no catch-up, wait for the next slot
            2026-03-04T02:00:00Z | 2026-03-04T12:00:00Z | PT24H | 2 | UTC           | 2026-03-05T02:00:00Z | false | ran last night: nothing missed
            2026-03-03T02:00:00Z | 2026-03-04T01:59:59Z | PT24H | 2 | UTC           | 2026-03-04T02:00:00Z | false | one second before the slot
            2026-03-03T02:00:00Z | 2026-03-04T02:00:00Z | PT24H | 2 | UTC           | 2026-03-05T02:00:00Z | true  | waking exactly at the slot runs it
            2026-02-27T02:00:00Z | 2026-03-04T12:00:00Z | PT24H | 2 | UTC           | 2026-03-05T02:00:00Z | true  | down five days: one catch-up, then the next slot
            2026-03-04T09:00:00Z | 2026-03-04T12:30:00Z | PT1H  | 2 | UTC           | 2026-03-04T13:00:00Z | true  | hourly, down three slots: one catch-up
            2026-03-26T01:00:00Z | 2026-03-29T00:30:00Z | PT72H | 2 | Europe/Berlin | 2026-03-29T01:00:00Z | false | every 3 days: 03-26 ran, 03-29 falls in the gap: 03:00 CEST
            2026-03-23T01:00:00Z | 2026-03-29T00:30:00Z | PT72H | 2 | Europe/Berlin | 2026-03-29T01:00:00Z | true  | every 3 days: 03-26 missed, catch up now
            2026-03-26T01:00:00Z | 2026-03-29T00:30:00Z | PT48H | 2 | Europe/Berlin | 2026-03-30T00:00:00Z | true  | every 2 days: 03-28 missed; 03-29 has an odd epoch day
            2026-03-04T02:00:00Z | 2026-03-04T00:00:00Z | PT24H | 2 | UTC           | 2026-03-05T02:00:00Z | false | clock went back 2h: today's slot ran, not again
            2026-03-04T02:00:00Z | 2026-03-03T03:00:00Z | PT24H | 2 | UTC           | 2026-03-05T02:00:00Z | false | clock went back 23h: still trust the last run
            2029-03-04T02:00:00Z | 2026-03-04T12:00:00Z | PT24H | 2 | UTC           | 2026-03-05T02:00:00Z | false | last run 3 years ahead: not credible, schedule from now
            """)
    void plans_the_next_slot_and_at_most_one_catch_up(Instant lastRun, Instant now, Duration interval, int hour,
            ZoneId zone, Instant next, boolean catchUp, String why) {
        assertThat(ScheduleMath.plan(lastRun, now, interval, hour, zone)).as(why)
                .isEqualTo(new SchedulePoint(next, catchUp));
    }

    @Test
    void after_the_catch_up_backup_the_missed_slots_are_not_run_again() {
        ZoneId zone = ZoneId.of("Europe/Berlin");
        Duration hourly = Duration.ofHours(1);
        Instant lastRun = Instant.parse("2026-03-01T02:00:00Z");
        Instant start = Instant.parse("2026-03-04T12:10:00Z"); // 81 slots missed

        SchedulePoint atStart = ScheduleMath.plan(lastRun, start, hourly, 2, zone);
        Instant catchUpDone = start.plusSeconds(40); // the scheduler records when the catch-up ran
        SchedulePoint afterCatchUp = ScheduleMath.plan(catchUpDone, catchUpDone, hourly, 2, zone);

        assertThat(atStart).isEqualTo(new SchedulePoint(Instant.parse("2026-03-04T13:00:00Z"), true));
        assertThat(afterCatchUp).isEqualTo(new SchedulePoint(Instant.parse("2026-03-04T13:00:00Z"), false));
    }

    @Test
    void the_worked_timeline_of_the_package_documentation_holds() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Duration daily = Duration.ofHours(24);
        Instant lastRun = Instant.parse("2026-03-26T01:00:00Z");

        assertThat(ScheduleMath.nextSlot(lastRun, daily, 2, berlin)).isEqualTo("2026-03-27T01:00:00Z");
        assertThat(ScheduleMath.nextSlot(Instant.parse("2026-03-28T01:00:00Z"), daily, 2, berlin))
                .isEqualTo("2026-03-29T01:00:00Z");
        Instant start = Instant.parse("2026-03-30T07:00:00Z");
        assertThat(ScheduleMath.plan(lastRun, start, daily, 2, berlin))
                .isEqualTo(new SchedulePoint(Instant.parse("2026-03-31T00:00:00Z"), true));
        assertThat(ScheduleMath.nextSlot(Instant.parse("2026-10-24T12:00:00Z"), daily, 2, berlin))
                .isEqualTo("2026-10-25T00:00:00Z");
        assertThat(ScheduleMath.nextSlot(Instant.parse("2026-10-25T00:00:00Z"), daily, 2, berlin))
                .isEqualTo("2026-10-26T01:00:00Z");
    }
}
