package io.cartographus.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Contradictions are warnings (not errors) that say what will actually happen. */
class ConfigWarningsTest {
    private static final String KEY = "k".repeat(32);

    @TempDir
    Path wd;

    /** The case's variables over a base without the defaults' own contradiction (MAX_DAYS vs monthly). */
    private java.util.List<String> warnings(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(Map.of("BACKUP_RETENTION_MAX_DAYS", "0", "BACKUP_TIMEZONE", "UTC"));
        all.putAll(env);
        return ConfigLoader.load(all, wd).warnings();
    }

    @Test
    void the_guide_defaults_warn_that_max_days_cuts_the_monthly_window() {
        assertThat(ConfigLoader.load(Map.of(), wd).warnings()).containsExactly("BACKUP_RETENTION_MAX_DAYS=90 is shorter"
                + " than BACKUP_RETENTION_KEEP_MONTHLY_MONTHS=6 (~180 days): monthly backups older than 90 days will"
                + " be deleted");
    }

    static Stream<Arguments> contradictions() {
        return Stream.of(
                warns(Map.of("BACKUP_RETENTION_MAX_DAYS", "20", "BACKUP_RETENTION_KEEP_MONTHLY_MONTHS", "0"),
                        "BACKUP_RETENTION_MAX_DAYS=20 is shorter than BACKUP_RETENTION_KEEP_WEEKLY_WEEKS=4 (~28 days):"
                                + " weekly backups older than 20 days will be deleted"),
                warns(Map.of("BACKUP_RETENTION_MAX_DAYS", "5", "BACKUP_RETENTION_KEEP_MONTHLY_MONTHS", "0",
                                "BACKUP_RETENTION_KEEP_WEEKLY_WEEKS", "0"),
                        "BACKUP_RETENTION_MAX_DAYS=5 is shorter than BACKUP_RETENTION_KEEP_DAILY_DAYS=7 (~7 days):"
                                + " daily backups older than 5 days will be deleted"),
                warns(Map.of("BACKUP_RETENTION_MAX_DAYS", "1", "BACKUP_RETENTION_KEEP_RECENT_HOURS", "48",
                                "BACKUP_RETENTION_KEEP_MONTHLY_MONTHS", "0", "BACKUP_RETENTION_KEEP_WEEKLY_WEEKS", "0",
                                "BACKUP_RETENTION_KEEP_DAILY_DAYS", "1"),
                        "BACKUP_RETENTION_MAX_DAYS=1 is shorter than BACKUP_RETENTION_KEEP_RECENT_HOURS=48 (~2 days):"
                                + " backups older than 1 day will be deleted even within the last 48 hours"),
                warns(Map.of("BACKUP_RETENTION_MAX_COUNT", "10"),
                        "BACKUP_RETENTION_MAX_COUNT=10 is lower than the up to 17 backups the daily, weekly and monthly"
                                + " rules keep: the oldest beyond 10 will be deleted"),
                warns(Map.of("BACKUP_INTERVAL", "36h"),
                        "BACKUP_INTERVAL=36h is not a whole number of days: it will be rounded to 2 days (a backup"
                                + " every 2 days at 02:00 UTC)"),
                warns(Map.of("BACKUP_INTERVAL", "30h", "BACKUP_PREFERRED_HOUR", "23", "BACKUP_TIMEZONE", "Europe/Paris"),
                        "BACKUP_INTERVAL=30h is not a whole number of days: it will be rounded to 1 day (a backup"
                                + " every 1 day at 23:00 Europe/Paris)"),
                warns(Map.of("BACKUP_INTERVAL", "5h"),
                        "BACKUP_INTERVAL=5h does not divide 24h: the schedule restarts at 02:00 each day, so one gap a"
                                + " day is 4h instead of 5h"),
                warns(Map.of("BACKUP_INTERVAL", "7h", "BACKUP_PREFERRED_HOUR", "0"),
                        "BACKUP_INTERVAL=7h does not divide 24h: the schedule restarts at 00:00 each day, so one gap a"
                                + " day is 3h instead of 7h"),
                warns(Map.of("BACKUP_ENABLED", "false", "BACKUP_PRE_SYNC", "true"),
                        "BACKUP_PRE_SYNC=true has no effect because BACKUP_ENABLED=false: syncs will run without a"
                                + " backup first"),
                warns(Map.of("BACKUP_ENABLED", "false", "BACKUP_SCHEDULE_ENABLED", "true"),
                        "BACKUP_SCHEDULE_ENABLED=true has no effect because BACKUP_ENABLED=false: no scheduled backups"
                                + " will run"),
                warns(Map.of("BACKUP_SCHEDULE_ENABLED", "false", "BACKUP_INTERVAL", "12h", "BACKUP_PREFERRED_HOUR", "3"),
                        "BACKUP_INTERVAL, BACKUP_PREFERRED_HOUR are ignored because BACKUP_SCHEDULE_ENABLED=false: no"
                                + " backups are scheduled"),
                warns(Map.of("BACKUP_TYPE", "config"),
                        "BACKUP_TYPE=config: scheduled backups will not contain the database"),
                warns(Map.of("MAINTENANCE_MODE", "true"),
                        "MAINTENANCE_MODE=true: scheduled backups and syncs (with their pre-sync backups) do not run;"
                                + " backups and restores on request still work"),
                warns(Map.of("BACKUP_COMPRESSION_ENABLED", "false", "BACKUP_COMPRESSION_LEVEL", "9"),
                        "BACKUP_COMPRESSION_LEVEL is ignored because BACKUP_COMPRESSION_ENABLED=false: archives are"
                                + " plain .tar"),
                warns(Map.of("BACKUP_ENCRYPTION_KEY", KEY),
                        "BACKUP_ENCRYPTION_KEY is set but BACKUP_ENCRYPTION_ENABLED=false: new backups will not be"
                                + " encrypted (keys are only used to read backups that were)"),
                warns(Map.of("BACKUP_ENCRYPTION_KEY", KEY, "BACKUP_ENCRYPTION_OLD_KEYS", "old=" + KEY),
                        "BACKUP_ENCRYPTION_KEY, BACKUP_ENCRYPTION_OLD_KEYS are set but BACKUP_ENCRYPTION_ENABLED=false:"
                                + " new backups will not be encrypted (keys are only used to read backups that were)"),
                warns(Map.of("BACKUP_WEBHOOK_URL", "https://hooks.example.com/x", "BACKUP_NOTIFY_FAILURE", "false"),
                        "BACKUP_WEBHOOK_URL is set but BACKUP_NOTIFY_SUCCESS, BACKUP_NOTIFY_FAILURE and"
                                + " BACKUP_NOTIFY_CLEANUP are all false: no notifications will be sent"),
                warns(Map.of("BACKUP_NOTIFY_SUCCESS", "yes", "BACKUP_NOTIFY_FAILURE", "true"),
                        "BACKUP_NOTIFY_SUCCESS, BACKUP_NOTIFY_FAILURE set to true but BACKUP_WEBHOOK_URL is unset: no"
                                + " notifications will be sent"),
                warns(Map.of("BACKUP_WEBHOOK_URL", "http://hooks.example.com/x"),
                        "BACKUP_WEBHOOK_URL uses http, not https: notifications are sent unencrypted"),
                warns(Map.of("BACKUP_OFFSITE_URL", "s3://my-bucket/cg", "BACKUP_OFFSITE_ENDPOINT", "http://minio.local:9000"),
                        "BACKUP_OFFSITE_ENDPOINT is set and BACKUP_OFFSITE_PATH_STYLE=false: the bucket will be"
                                + " addressed as a host name (my-bucket.minio.local); most S3-compatible servers"
                                + " (MinIO, Garage, Ceph) need BACKUP_OFFSITE_PATH_STYLE=true"),
                warns(Map.of("BACKUP_OFFSITE_ENDPOINT", "http://minio.local:9000", "BACKUP_OFFSITE_REGION", "eu-1"),
                        "BACKUP_OFFSITE_ENDPOINT, BACKUP_OFFSITE_REGION are set but BACKUP_OFFSITE_URL is not: no"
                                + " off-site copies will be made"));
    }

    private static Arguments warns(Map<String, String> env, String warning) {
        return Arguments.of(Named.of(env.toString(), env), warning);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contradictions")
    void warns_about_a_contradiction_saying_what_will_happen(Map<String, String> env, String warning) {
        assertThat(warnings(env)).containsExactly(warning);
    }

    static Stream<Arguments> consistentSettings() {
        return Stream.of(
                Map.of(),
                Map.of("BACKUP_RETENTION_MAX_DAYS", "180"),
                Map.of("BACKUP_RETENTION_MAX_COUNT", "17"),
                Map.of("BACKUP_RETENTION_MAX_COUNT", "0"),
                Map.of("BACKUP_INTERVAL", "12h"),
                Map.of("BACKUP_INTERVAL", "90m"),
                Map.of("BACKUP_INTERVAL", "1h"),
                Map.of("BACKUP_INTERVAL", "48h"),
                Map.of("BACKUP_INTERVAL", "7d"),
                Map.of("BACKUP_ENABLED", "false"),
                Map.of("BACKUP_SCHEDULE_ENABLED", "false"),
                Map.of("BACKUP_COMPRESSION_ENABLED", "false"),
                Map.of("BACKUP_ENCRYPTION_ENABLED", "true", "BACKUP_ENCRYPTION_KEY", KEY, "BACKUP_ENCRYPTION_OLD_KEYS",
                        "old=" + "o".repeat(32)),
                Map.of("BACKUP_WEBHOOK_URL", "https://hooks.example.com/x"),
                Map.of("BACKUP_OFFSITE_URL", "s3://my-bucket", "BACKUP_OFFSITE_ENDPOINT", "http://minio.local:9000",
                        "BACKUP_OFFSITE_PATH_STYLE", "true"),
                Map.of("BACKUP_OFFSITE_URL", "s3://my-bucket", "BACKUP_OFFSITE_REGION", "eu-west-3"))
                .map(env -> Arguments.of(Named.of(env.toString(), env)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consistentSettings")
    void stays_silent_about_consistent_settings(Map<String, String> env) {
        assertThat(warnings(env)).isEmpty();
    }
}
