package io.cartographus.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.testing.Seeds;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Slot sequences from random starting points, zones, intervals and hours, checked against a brute-force
 * list of every slot the documented rule allows, and against the rule's local times directly.
 */
class ScheduleRandomizedTest {

    private static final List<ZoneId> ZONES = List.of("UTC", "Europe/Berlin", "America/New_York",
            "Australia/Sydney", "America/Santiago", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham")
            .stream().map(ZoneId::of).toList();
    private static final List<Duration> INTERVALS = List.of("PT1H", "PT90M", "PT5H", "PT7H", "PT24H", "PT36H",
            "PT48H", "PT72H", "PT168H").stream().map(Duration::parse).toList();
    private static final long FROM = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond();
    private static final long TO = Instant.parse("2036-01-01T00:00:00Z").getEpochSecond();
    private static final int SLOTS = 40;

    @Test
    void slot_sequences_follow_the_rule_and_strictly_increase() {
        Random random = new Random(Seeds.seed("ScheduleRandomizedTest.slot_sequences"));
        for (int round = 0; round < 300; round++) {
            ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
            Duration interval = INTERVALS.get(random.nextInt(INTERVALS.size()));
            int hour = random.nextInt(24);
            Instant start = Instant.ofEpochSecond(FROM + (long) (random.nextDouble() * (TO - FROM)));
            String context = "round " + round + ": " + zone + " every " + interval + " at " + hour + "h from " + start;

            List<Instant> slots = new ArrayList<>();
            Instant after = start;
            for (int i = 0; i < SLOTS; i++) {
                Instant next = ScheduleMath.nextSlot(after, interval, hour, zone);
                assertThat(next).as(context).isAfter(after);
                assertLocalTimeFollowsTheRule(next, interval, hour, zone, context);
                slots.add(next);
                after = next;
            }
            assertThat(slots).as(context).isEqualTo(everySlot(start, start, interval, hour, zone).subList(0, SLOTS));
        }
    }

    @Test
    void a_restart_catches_up_once_exactly_when_a_slot_was_missed() {
        Random random = new Random(Seeds.seed("ScheduleRandomizedTest.catch_up"));
        for (int round = 0; round < 300; round++) {
            ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
            Duration interval = INTERVALS.get(random.nextInt(INTERVALS.size()));
            int hour = random.nextInt(24);
            Instant lastRun = Instant.ofEpochSecond(FROM + (long) (random.nextDouble() * (TO - FROM)));
            Instant now = lastRun.plusSeconds((long) (random.nextDouble() * 10 * 86_400));
            String context = "round " + round + ": " + zone + " every " + interval + " at " + hour + "h, last run "
                    + lastRun + ", now " + now;

            List<Instant> all = everySlot(lastRun, now, interval, hour, zone);
            boolean missed = !all.get(0).isAfter(now);
            Instant next = all.stream().filter(s -> s.isAfter(now)).findFirst().orElseThrow();

            assertThat(ScheduleMath.plan(lastRun, now, interval, hour, zone)).as(context)
                    .isEqualTo(new SchedulePoint(next, missed));
        }
    }

    /**
     * Brute force: every local date from the day before {@code start}, every time the rule allows on
     * it, converted with the zone's rules; sorted, without duplicates, after {@code start}: at least
     * {@code SLOTS} of them and past {@code until} by at least one period.
     */
    private static List<Instant> everySlot(Instant start, Instant until, Duration interval, int hour,
            ZoneId zone) {
        long days = Math.round(interval.toMinutes() / 1440.0);
        LocalDate first = LocalDate.ofInstant(start, zone).minusDays(1);
        LocalDate last = LocalDate.ofInstant(until, zone).plusDays(days + 2);
        TreeSet<Instant> slots = new TreeSet<>();
        for (LocalDate d = first; slots.size() < SLOTS + 5 || !d.isAfter(last); d = d.plusDays(1)) {
            for (LocalTime t : ruleTimes(interval, hour)) {
                if (days == 0 || Math.floorMod(d.toEpochDay(), days) == 0) {
                    Instant slot = ZonedDateTime.of(d, t, zone).toInstant();
                    if (slot.isAfter(start)) {
                        slots.add(slot);
                    }
                }
            }
        }
        return new ArrayList<>(slots);
    }

    /** The preferred hour and, under a day, every time a whole number of intervals before or after it. */
    private static List<LocalTime> ruleTimes(Duration interval, int hour) {
        if (interval.compareTo(Duration.ofDays(1)) >= 0) {
            return List.of(LocalTime.of(hour, 0));
        }
        List<LocalTime> times = new ArrayList<>();
        for (int k = -48; k <= 48; k++) {
            long s = hour * 3600L + k * interval.getSeconds();
            if (s >= 0 && s < 86_400) {
                times.add(LocalTime.ofSecondOfDay(s));
            }
        }
        return times;
    }

    /** On the slot's local date, the local time is a rule time, or a rule time pushed out of a DST gap. */
    private static void assertLocalTimeFollowsTheRule(Instant slot, Duration interval, int hour, ZoneId zone,
            String context) {
        ZonedDateTime local = slot.atZone(zone);
        LocalDate date = local.toLocalDate();
        long days = Math.round(interval.toMinutes() / 1440.0);
        if (days > 0) {
            assertThat(Math.floorMod(date.toEpochDay(), days)).as(context + ": date " + date).isZero();
        }
        boolean onRule = false;
        for (LocalTime t : ruleTimes(interval, hour)) {
            LocalDateTime wanted = LocalDateTime.of(date, t);
            ZoneOffsetTransition gap = zone.getRules().getTransition(wanted);
            LocalDateTime actual = gap != null && gap.isGap() ? wanted.plus(gap.getDuration()) : wanted;
            onRule |= actual.equals(local.toLocalDateTime());
        }
        assertThat(onRule).as(context + ": local time " + local).isTrue();
    }
}
