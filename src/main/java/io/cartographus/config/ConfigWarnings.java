package io.cartographus.config;

import static io.cartographus.config.EnvNames.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Settings that are valid one by one but contradict each other. Each warning says what will
 * actually happen, so the operator can decide whether that is what they meant. Warnings about
 * defaults only appear where the defaults themselves contradict (MAX_DAYS vs the monthly window).
 */
final class ConfigWarnings {
    private static final long DAY_SECONDS = 24 * 60 * 60;

    private final AppConfig c;
    private final Variables v;
    private final List<String> warnings = new ArrayList<>();

    private ConfigWarnings(AppConfig c, Variables v) {
        this.c = c;
        this.v = v;
    }

    static List<String> of(AppConfig c, Variables v) {
        ConfigWarnings w = new ConfigWarnings(c, v);
        w.retention(c.backup().retention());
        w.schedule();
        w.compressionAndEncryption();
        w.notifications();
        w.offsite();
        return List.copyOf(w.warnings);
    }

    private void retention(RetentionPolicy r) {
        int maxDays = r.maxDays();
        if (maxDays > 0) {
            window(maxDays, KEEP_MONTHLY_MONTHS, r.keepMonthlyMonths(), r.keepMonthlyMonths() * 30L, "monthly backups");
            window(maxDays, KEEP_WEEKLY_WEEKS, r.keepWeeklyWeeks(), r.keepWeeklyWeeks() * 7L, "weekly backups");
            window(maxDays, KEEP_DAILY_DAYS, r.keepDailyDays(), r.keepDailyDays(), "daily backups");
            if (r.keepRecentHours() > maxDays * 24L) {
                warnings.add(MAX_DAYS + "=" + maxDays + " is shorter than " + KEEP_RECENT_HOURS + "="
                        + r.keepRecentHours() + " (~" + days((r.keepRecentHours() + 23) / 24) + "): backups older than "
                        + days(maxDays) + " will be deleted even within the last " + r.keepRecentHours() + " hours");
            }
        }
        long gfs = (long) r.keepDailyDays() + r.keepWeeklyWeeks() + r.keepMonthlyMonths();
        if (r.maxCount() > 0 && gfs > r.maxCount()) {
            warnings.add(MAX_COUNT + "=" + r.maxCount() + " is lower than the up to " + gfs + " backups the daily,"
                    + " weekly and monthly rules keep: the oldest beyond " + r.maxCount() + " will be deleted");
        }
    }

    private void window(int maxDays, String name, int count, long windowDays, String what) {
        if (count > 0 && windowDays > maxDays) {
            warnings.add(MAX_DAYS + "=" + maxDays + " is shorter than " + name + "=" + count + " (~"
                    + days(windowDays) + "): " + what + " older than " + days(maxDays) + " will be deleted");
        }
    }

    private void schedule() {
        BackupConfig b = c.backup();
        ScheduleConfig s = b.schedule();
        if (!b.enabled()) {
            if (v.isSet(SCHEDULE_ENABLED) && s.enabled()) {
                warnings.add(SCHEDULE_ENABLED + "=true has no effect because " + ENABLED + "=false: no scheduled"
                        + " backups will run");
            }
            if (s.preSync()) {
                warnings.add(PRE_SYNC + "=true has no effect because " + ENABLED + "=false: syncs will run without"
                        + " a backup first");
            }
            return;
        }
        if (!s.enabled()) {
            ignored(SCHEDULE_ENABLED + "=false", "no backups are scheduled", INTERVAL, PREFERRED_HOUR, TYPE);
            return;
        }
        long seconds = s.interval().toSeconds();
        String hour = String.format(Locale.ROOT, "%02d:00", s.preferredHour());
        if (seconds >= DAY_SECONDS && seconds % DAY_SECONDS != 0) {
            warnings.add(INTERVAL + "=" + GoDuration.format(s.interval()) + " is not a whole number of days: it will"
                    + " be rounded to " + days(s.intervalDays()) + " (a backup every " + days(s.intervalDays())
                    + " at " + hour + " " + b.timezone().getId() + ")");
        } else if (seconds < DAY_SECONDS && DAY_SECONDS % seconds != 0) {
            warnings.add(INTERVAL + "=" + GoDuration.format(s.interval()) + " does not divide 24h: the schedule"
                    + " restarts at " + hour + " each day, so one gap a day is "
                    + GoDuration.format(Duration.ofSeconds(DAY_SECONDS % seconds)) + " instead of "
                    + GoDuration.format(s.interval()));
        }
        if (s.type() == BackupType.CONFIG) {
            warnings.add(TYPE + "=config: scheduled backups will not contain the database");
        }
        if (c.host().maintenanceMode()) {
            warnings.add(MAINTENANCE_MODE + "=true: scheduled backups and syncs (with their pre-sync backups) do"
                    + " not run; backups and restores on request still work");
        }
    }

    private void compressionAndEncryption() {
        if (!c.backup().compression().enabled()) {
            ignored(COMPRESSION_ENABLED + "=false", "archives are plain .tar", COMPRESSION_LEVEL, COMPRESSION_ALGORITHM);
        }
        if (!c.backup().encryption().enabled()) {
            List<String> set = Stream.of(ENCRYPTION_KEY, ENCRYPTION_KEY_ID, ENCRYPTION_OLD_KEYS).filter(v::isSet).toList();
            if (!set.isEmpty()) {
                warnings.add(String.join(", ", set) + (set.size() == 1 ? " is" : " are") + " set but "
                        + ENCRYPTION_ENABLED + "=false: new backups will not be encrypted (keys are only used to"
                        + " read backups that were)");
            }
        }
    }

    private void notifications() {
        NotifyConfig n = c.backup().notifications();
        if (n.webhookUrl() != null && !n.onSuccess() && !n.onFailure() && !n.onCleanup()) {
            warnings.add(WEBHOOK_URL + " is set but " + NOTIFY_SUCCESS + ", " + NOTIFY_FAILURE + " and "
                    + NOTIFY_CLEANUP + " are all false: no notifications will be sent");
        }
        if (n.webhookUrl() == null) {
            List<String> on = Stream.of(NOTIFY_SUCCESS, NOTIFY_FAILURE, NOTIFY_CLEANUP)
                    .filter(name -> v.isSet(name) && Boolean.TRUE.equals(Variables.parseBoolean(v.raw(name))))
                    .toList();
            if (!on.isEmpty()) {
                warnings.add(String.join(", ", on) + " set to true but " + WEBHOOK_URL + " is unset: no"
                        + " notifications will be sent");
            }
        } else if ("http".equalsIgnoreCase(n.webhookUrl().getScheme())) {
            warnings.add(WEBHOOK_URL + " uses http, not https: notifications are sent unencrypted");
        }
    }

    private void offsite() {
        OffsiteConfig o = c.backup().offsite();
        if (!o.enabled()) {
            List<String> set = Stream.of(OFFSITE_ENDPOINT, OFFSITE_REGION, OFFSITE_PATH_STYLE).filter(v::isSet).toList();
            if (!set.isEmpty()) {
                warnings.add(String.join(", ", set) + (set.size() == 1 ? " is" : " are") + " set but " + OFFSITE_URL
                        + " is not: no off-site copies will be made");
            }
        } else if (o.endpoint() != null && !o.pathStyle()) {
            warnings.add(OFFSITE_ENDPOINT + " is set and " + OFFSITE_PATH_STYLE + "=false: the bucket will be"
                    + " addressed as a host name (" + Urls.bucket(o.url()) + "." + o.endpoint().getHost() + "); most"
                    + " S3-compatible servers (MinIO, Garage, Ceph) need " + OFFSITE_PATH_STYLE + "=true");
        }
    }

    /** Warns about explicitly set variables that a switch makes irrelevant. */
    private void ignored(String because, String outcome, String... names) {
        List<String> set = Stream.of(names).filter(v::isSet).toList();
        if (!set.isEmpty()) {
            warnings.add(String.join(", ", set) + (set.size() == 1 ? " is" : " are") + " ignored because " + because
                    + ": " + outcome);
        }
    }

    private static String days(long n) {
        return n == 1 ? "1 day" : n + " days";
    }
}
