package io.cartographus.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Slot arithmetic of the backup schedule (docs/design.md §7), in local calendar time so that DST never makes
 * the preferred hour drift. Pure; the package documentation has the rules and a worked timeline.
 */
public final class ScheduleMath {

    static final Duration DAY = Duration.ofDays(1);
    private static final long SECONDS_PER_DAY = 86_400;

    private ScheduleMath() {
    }

    /** The first slot strictly after {@code after}. */
    public static Instant nextSlot(Instant after, Duration interval, int preferredHour, ZoneId zone) {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(zone, "zone");
        check(interval, preferredHour);
        LocalDate day = LocalDate.ofInstant(after, zone);
        if (interval.compareTo(DAY) >= 0) {
            long n = intervalDays(interval);
            // Eligible days: days since 1970-01-01 (local) divisible by n, so the sequence never
            // depends on when the service started.
            day = day.plusDays(Math.floorMod(-day.toEpochDay(), n));
            LocalTime at = LocalTime.of(preferredHour, 0);
            while (true) {
                Instant slot = slot(day, at, zone);
                if (slot.isAfter(after)) {
                    return slot;
                }
                day = day.plusDays(n);
            }
        }
        List<LocalTime> times = slotTimes(interval, preferredHour);
        while (true) {
            // Slots of one day are in increasing order and a gap only moves a slot forward, so the
            // first one after 'after' is the earliest.
            for (LocalTime t : times) {
                Instant slot = slot(day, t, zone);
                if (slot.isAfter(after)) {
                    return slot;
                }
            }
            day = day.plusDays(1);
        }
    }

    /**
     * Where the scheduler stands after a (re)start or a run.
     *
     * @param lastRun null when no scheduled backup ever ran
     */
    public static SchedulePoint plan(Instant lastRun, Instant now, Duration interval, int preferredHour,
            ZoneId zone) {
        Objects.requireNonNull(now, "now");
        check(interval, preferredHour);
        if (lastRun == null) {
            return new SchedulePoint(nextSlot(now, interval, preferredHour, zone), false);
        }
        if (lastRun.isAfter(now)) {
            // The clock went back. Within one period, trust lastRun so the slot it ran is not run
            // again; further off, the recorded time is not credible (a clock once set years ahead
            // must not stop backups), so schedule from now.
            Instant from = Duration.between(now, lastRun).compareTo(period(interval)) <= 0 ? lastRun : now;
            return new SchedulePoint(nextSlot(from, interval, preferredHour, zone), false);
        }
        Instant due = nextSlot(lastRun, interval, preferredHour, zone);
        if (!due.isAfter(now)) {
            return new SchedulePoint(nextSlot(now, interval, preferredHour, zone), true);
        }
        return new SchedulePoint(due, false);
    }

    /**
     * Days between runs for an interval of 24 h or more: interval / 24 h rounded half up (36 h → 2,
     * 30 h → 1, 60 h → 3). Returns 0 for shorter intervals, which use slots within each day.
     */
    public static long intervalDays(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(DAY) < 0) {
            return 0;
        }
        return interval.plusHours(12).dividedBy(DAY);
    }

    /** True when the interval is 24 h or more and not a whole number of days, so it gets rounded. */
    public static boolean roundsInterval(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        return interval.compareTo(DAY) > 0 && !interval.equals(DAY.multipliedBy(intervalDays(interval)));
    }

    /**
     * The local times of a day's slots for an interval under 24 h: every time congruent with the
     * preferred hour modulo the interval, from 00:00 to 23:59:59 (5 h at 2 → 02:00 07:00 12:00 17:00
     * 22:00; 5 h at 10 → 00:00 05:00 10:00 15:00 20:00). Sub-second parts of the interval are ignored.
     */
    static List<LocalTime> slotTimes(Duration interval, int preferredHour) {
        long step = interval.getSeconds();
        List<LocalTime> times = new ArrayList<>();
        for (long s = preferredHour * 3600L % step; s < SECONDS_PER_DAY; s += step) {
            times.add(LocalTime.ofSecondOfDay(s));
        }
        return times;
    }

    /** Length of one period: the interval, or the rounded number of days. */
    static Duration period(Duration interval) {
        return interval.compareTo(DAY) >= 0 ? Duration.ofDays(intervalDays(interval)) : interval;
    }

    /**
     * A local time on a local day as an instant. In a DST gap it moves forward by the gap's length
     * (02:00 in Berlin's March gap → 03:00 CEST); in an overlap it takes the earlier offset (the first
     * 02:00 of Berlin's October night), so a repeated hour runs once.
     */
    private static Instant slot(LocalDate day, LocalTime time, ZoneId zone) {
        return ZonedDateTime.of(day, time, zone).toInstant();
    }

    static void check(Duration interval, int preferredHour) {
        Objects.requireNonNull(interval, "interval");
        if (interval.getSeconds() < 1) {
            throw new IllegalArgumentException("backup interval must be at least one second, was " + interval);
        }
        if (preferredHour < 0 || preferredHour > 23) {
            throw new IllegalArgumentException("preferred hour must be 0-23, was " + preferredHour);
        }
    }
}
