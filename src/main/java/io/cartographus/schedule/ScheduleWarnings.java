package io.cartographus.schedule;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Schedule settings that will not do exactly what they say (docs/design.md §7: a start-up warning each). */
public final class ScheduleWarnings {

    private static final int LISTED_SLOTS = 12;

    private ScheduleWarnings() {
    }

    public static List<String> of(Duration interval, int preferredHour) {
        ScheduleMath.check(interval, preferredHour);
        List<String> out = new ArrayList<>();
        String setting = "BACKUP_INTERVAL=" + format(interval);
        String at = String.format("%02d:00", preferredHour);
        if (ScheduleMath.roundsInterval(interval)) {
            long days = ScheduleMath.intervalDays(interval);
            out.add(setting + " is not a whole number of days, it will run every " + days
                    + (days == 1 ? " day" : " days") + " at " + at + " (BACKUP_TIMEZONE)");
        } else if (interval.compareTo(ScheduleMath.DAY) < 0
                && ScheduleMath.DAY.getSeconds() % interval.getSeconds() != 0) {
            List<LocalTime> times = ScheduleMath.slotTimes(interval, preferredHour);
            long gap = ScheduleMath.DAY.getSeconds() - times.get(times.size() - 1).toSecondOfDay()
                    + times.get(0).toSecondOfDay();
            String listed = times.size() <= LISTED_SLOTS
                    ? times.stream().map(LocalTime::toString).collect(Collectors.joining(", "))
                    : times.size() + " slots from " + times.get(0) + " to " + times.get(times.size() - 1);
            out.add(setting + " does not divide 24h: the slots restart every day in line with"
                    + " BACKUP_PREFERRED_HOUR=" + preferredHour + ", so backups run at " + listed
                    + " and the gap across midnight is " + format(Duration.ofSeconds(gap)));
        }
        return List.copyOf(out);
    }

    /** 36h, 90m or 45s: the way operators write BACKUP_INTERVAL. */
    static String format(Duration d) {
        long s = d.getSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
