package io.cartographus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cartographus.config.Compression;
import io.cartographus.config.BackupType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every variable: its default, accepted values, and each kind of refused value. */
class ConfigLoaderTest {
    static final String KEY = "k".repeat(32);
    static final String OTHER_KEY = "o".repeat(40);

    @TempDir
    Path wd;

    private AppConfig load(Map<String, String> env) {
        return ConfigLoader.load(env, wd).config();
    }

    private static Named<Function<AppConfig, Object>> get(String what, Function<AppConfig, Object> getter) {
        return Named.of(what, getter);
    }

    static Stream<Arguments> defaults() {
        return Stream.of(
                Arguments.of(get("BACKUP_ENABLED", c -> c.backup().enabled()), true),
                Arguments.of(get("BACKUP_SCHEDULE_ENABLED", c -> c.backup().schedule().enabled()), true),
                Arguments.of(get("BACKUP_INTERVAL", c -> c.backup().schedule().interval()), Duration.ofHours(24)),
                Arguments.of(get("BACKUP_PREFERRED_HOUR", c -> c.backup().schedule().preferredHour()), 2),
                Arguments.of(get("BACKUP_TYPE", c -> c.backup().schedule().type()), BackupType.FULL),
                Arguments.of(get("BACKUP_PRE_SYNC", c -> c.backup().schedule().preSync()), false),
                Arguments.of(get("BACKUP_RETENTION_MIN_COUNT", c -> c.backup().retention().minCount()), 3),
                Arguments.of(get("BACKUP_RETENTION_MAX_COUNT", c -> c.backup().retention().maxCount()), 50),
                Arguments.of(get("BACKUP_RETENTION_MAX_DAYS", c -> c.backup().retention().maxDays()), 90),
                Arguments.of(get("BACKUP_RETENTION_KEEP_RECENT_HOURS", c -> c.backup().retention().keepRecentHours()), 24),
                Arguments.of(get("BACKUP_RETENTION_KEEP_DAILY_DAYS", c -> c.backup().retention().keepDailyDays()), 7),
                Arguments.of(get("BACKUP_RETENTION_KEEP_WEEKLY_WEEKS", c -> c.backup().retention().keepWeeklyWeeks()), 4),
                Arguments.of(get("BACKUP_RETENTION_KEEP_MONTHLY_MONTHS",
                        c -> c.backup().retention().keepMonthlyMonths()), 6),
                Arguments.of(get("BACKUP_COMPRESSION_ENABLED", c -> c.backup().compression().enabled()), true),
                Arguments.of(get("BACKUP_COMPRESSION_LEVEL", c -> c.backup().compression().level()), 6),
                Arguments.of(get("BACKUP_COMPRESSION_ALGORITHM", c -> c.backup().compression().algorithm()),
                        Compression.GZIP),
                Arguments.of(get("BACKUP_ENCRYPTION_ENABLED", c -> c.backup().encryption().enabled()), false),
                Arguments.of(get("BACKUP_ENCRYPTION_KEY", c -> String.valueOf(c.backup().encryption().key())), "null"),
                Arguments.of(get("BACKUP_ENCRYPTION_KEY_ID", c -> String.valueOf(c.backup().encryption().keyId())), "null"),
                Arguments.of(get("BACKUP_ENCRYPTION_OLD_KEYS", c -> c.backup().encryption().oldKeys()), Map.of()),
                Arguments.of(get("BACKUP_NOTIFY_SUCCESS", c -> c.backup().notifications().onSuccess()), false),
                Arguments.of(get("BACKUP_NOTIFY_FAILURE", c -> c.backup().notifications().onFailure()), true),
                Arguments.of(get("BACKUP_NOTIFY_CLEANUP", c -> c.backup().notifications().onCleanup()), false),
                Arguments.of(get("BACKUP_WEBHOOK_URL", c -> String.valueOf(c.backup().notifications().webhookUrl())), "null"),
                Arguments.of(get("BACKUP_VERIFY", c -> c.backup().verify()), true),
                Arguments.of(get("BACKUP_SCRUB_INTERVAL", c -> c.backup().scrubInterval()), Duration.ofHours(168)),
                Arguments.of(get("BACKUP_DRILL_INTERVAL", c -> c.backup().drillInterval()), Duration.ofHours(720)),
                Arguments.of(get("BACKUP_DEDUP", c -> c.backup().dedup()), false),
                Arguments.of(get("BACKUP_TIMEZONE", c -> c.backup().timezone()), ZoneId.systemDefault()),
                Arguments.of(get("BACKUP_OFFSITE_URL", c -> c.backup().offsite().enabled()), false),
                Arguments.of(get("BACKUP_OFFSITE_ENDPOINT", c -> String.valueOf(c.backup().offsite().endpoint())), "null"),
                Arguments.of(get("BACKUP_OFFSITE_REGION", c -> c.backup().offsite().region()), "us-east-1"),
                Arguments.of(get("BACKUP_OFFSITE_PATH_STYLE", c -> c.backup().offsite().pathStyle()), false),
                Arguments.of(get("HTTP_HOST", c -> c.host().httpHost()), "127.0.0.1"),
                Arguments.of(get("HTTP_PORT", c -> c.host().httpPort()), 3857),
                Arguments.of(get("MAINTENANCE_MODE", c -> c.host().maintenanceMode()), false),
                Arguments.of(get("CARTOGRAPHUS_ADMIN_TOKEN", c -> String.valueOf(c.host().adminToken())), "null"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    void uses_the_guide_default_when_a_variable_is_unset(Function<AppConfig, Object> getter, Object expected) {
        assertThat(getter.apply(load(Map.of()))).isEqualTo(expected);
    }

    @Test
    void default_paths_hang_off_data_dir_made_absolute_against_the_working_directory() {
        AppConfig c = load(Map.of());
        assertThat(c.host().dataDir()).isEqualTo(wd.resolve("data"));
        assertThat(c.host().duckdbPath()).isEqualTo(wd.resolve("data/cartographus.duckdb"));
        assertThat(c.backup().backupDir()).isEqualTo(wd.resolve("data/backups"));
        assertThat(load(Map.of("DATA_DIR", "/data")).backup().backupDir()).isEqualTo(Path.of("/data/backups"));
    }

    static Stream<Arguments> acceptedValues() {
        return Stream.of(
                accepted("BACKUP_ENABLED", "false", c -> c.backup().enabled(), false),
                accepted("BACKUP_ENABLED", "0", c -> c.backup().enabled(), false),
                accepted("BACKUP_ENABLED", "no", c -> c.backup().enabled(), false),
                accepted("BACKUP_ENABLED", "OFF", c -> c.backup().enabled(), false),
                accepted("BACKUP_ENABLED", "Yes", c -> c.backup().enabled(), true),
                accepted("BACKUP_ENABLED", "on", c -> c.backup().enabled(), true),
                accepted("BACKUP_ENABLED", "1", c -> c.backup().enabled(), true),
                accepted("BACKUP_ENABLED", " TRUE ", c -> c.backup().enabled(), true),
                accepted("BACKUP_DIR", "/srv/backups", c -> c.backup().backupDir(), Path.of("/srv/backups")),
                accepted("BACKUP_DIR", "/srv/x/../backups/", c -> c.backup().backupDir(), Path.of("/srv/backups")),
                accepted("BACKUP_SCHEDULE_ENABLED", "false", c -> c.backup().schedule().enabled(), false),
                accepted("BACKUP_INTERVAL", "24h", c -> c.backup().schedule().interval(), Duration.ofHours(24)),
                accepted("BACKUP_INTERVAL", "90m", c -> c.backup().schedule().interval(), Duration.ofMinutes(90)),
                accepted("BACKUP_INTERVAL", "1h30m", c -> c.backup().schedule().interval(), Duration.ofMinutes(90)),
                accepted("BACKUP_INTERVAL", "36h", c -> c.backup().schedule().interval(), Duration.ofHours(36)),
                accepted("BACKUP_INTERVAL", "7d", c -> c.backup().schedule().interval(), Duration.ofDays(7)),
                accepted("BACKUP_INTERVAL", "1h", c -> c.backup().schedule().interval(), Duration.ofHours(1)),
                accepted("BACKUP_INTERVAL", "60m", c -> c.backup().schedule().interval(), Duration.ofHours(1)),
                accepted("BACKUP_INTERVAL", "8760h", c -> c.backup().schedule().interval(), Duration.ofHours(8760)),
                accepted("BACKUP_INTERVAL", "365d", c -> c.backup().schedule().interval(), Duration.ofHours(8760)),
                accepted("BACKUP_PREFERRED_HOUR", "0", c -> c.backup().schedule().preferredHour(), 0),
                accepted("BACKUP_PREFERRED_HOUR", "23", c -> c.backup().schedule().preferredHour(), 23),
                accepted("BACKUP_PREFERRED_HOUR", "07", c -> c.backup().schedule().preferredHour(), 7),
                accepted("BACKUP_TYPE", "database", c -> c.backup().schedule().type(), BackupType.DATABASE),
                accepted("BACKUP_TYPE", "config", c -> c.backup().schedule().type(), BackupType.CONFIG),
                accepted("BACKUP_TYPE", "Full", c -> c.backup().schedule().type(), BackupType.FULL),
                accepted("BACKUP_PRE_SYNC", "true", c -> c.backup().schedule().preSync(), true),
                accepted("BACKUP_RETENTION_MIN_COUNT", "0", c -> c.backup().retention().minCount(), 0),
                accepted("BACKUP_RETENTION_MIN_COUNT", "50", c -> c.backup().retention().minCount(), 50),
                accepted("BACKUP_RETENTION_MAX_COUNT", "0", c -> c.backup().retention().maxCount(), 0),
                accepted("BACKUP_RETENTION_MAX_COUNT", "100000", c -> c.backup().retention().maxCount(), 100_000),
                accepted("BACKUP_RETENTION_MAX_DAYS", "0", c -> c.backup().retention().maxDays(), 0),
                accepted("BACKUP_RETENTION_MAX_DAYS", "365", c -> c.backup().retention().maxDays(), 365),
                accepted("BACKUP_RETENTION_KEEP_RECENT_HOURS", "0", c -> c.backup().retention().keepRecentHours(), 0),
                accepted("BACKUP_RETENTION_KEEP_RECENT_HOURS", "72", c -> c.backup().retention().keepRecentHours(), 72),
                accepted("BACKUP_RETENTION_KEEP_DAILY_DAYS", "14", c -> c.backup().retention().keepDailyDays(), 14),
                accepted("BACKUP_RETENTION_KEEP_DAILY_DAYS", "0", c -> c.backup().retention().keepDailyDays(), 0),
                accepted("BACKUP_RETENTION_KEEP_WEEKLY_WEEKS", "8", c -> c.backup().retention().keepWeeklyWeeks(), 8),
                accepted("BACKUP_RETENTION_KEEP_WEEKLY_WEEKS", "+2", c -> c.backup().retention().keepWeeklyWeeks(), 2),
                accepted("BACKUP_RETENTION_KEEP_MONTHLY_MONTHS", "12",
                        c -> c.backup().retention().keepMonthlyMonths(), 12),
                accepted("BACKUP_RETENTION_KEEP_MONTHLY_MONTHS", "0",
                        c -> c.backup().retention().keepMonthlyMonths(), 0),
                accepted("BACKUP_COMPRESSION_ENABLED", "false", c -> c.backup().compression().effective(),
                        Compression.NONE),
                accepted("BACKUP_COMPRESSION_LEVEL", "1", c -> c.backup().compression().level(), 1),
                accepted("BACKUP_COMPRESSION_LEVEL", "9", c -> c.backup().compression().level(), 9),
                accepted("BACKUP_COMPRESSION_ALGORITHM", "zstd", c -> c.backup().compression().algorithm(),
                        Compression.ZSTD),
                accepted("BACKUP_COMPRESSION_ALGORITHM", "GZIP", c -> c.backup().compression().algorithm(),
                        Compression.GZIP),
                accepted(Map.of("BACKUP_ENCRYPTION_ENABLED", "true", "BACKUP_ENCRYPTION_KEY", KEY),
                        c -> List.of(c.backup().encryption().enabled(), c.backup().encryption().key(),
                                c.backup().encryption().keyId()), List.of(true, KEY, "default")),
                accepted(Map.of("BACKUP_ENCRYPTION_ENABLED", "true", "BACKUP_ENCRYPTION_KEY", KEY,
                        "BACKUP_ENCRYPTION_KEY_ID", "2026-01_prod.v2"),
                        c -> c.backup().encryption().keyId(), "2026-01_prod.v2"),
                accepted(Map.of("BACKUP_ENCRYPTION_KEY", KEY), c -> List.of(c.backup().encryption().enabled(),
                        c.backup().encryption().keyId()), List.of(false, "default")),
                accepted(Map.of("BACKUP_ENCRYPTION_ENABLED", "true", "BACKUP_ENCRYPTION_KEY", KEY,
                        "BACKUP_ENCRYPTION_OLD_KEYS", "old1=" + OTHER_KEY + ", old2=" + KEY + "==,"),
                        c -> c.backup().encryption().oldKeys(), Map.of("old1", OTHER_KEY, "old2", KEY + "==")),
                accepted("BACKUP_NOTIFY_SUCCESS", "true", c -> c.backup().notifications().onSuccess(), true),
                accepted("BACKUP_NOTIFY_FAILURE", "false", c -> c.backup().notifications().onFailure(), false),
                accepted("BACKUP_NOTIFY_CLEANUP", "true", c -> c.backup().notifications().onCleanup(), true),
                accepted("BACKUP_WEBHOOK_URL", "https://hooks.slack.com/services/xxx",
                        c -> c.backup().notifications().webhookUrl(), URI.create("https://hooks.slack.com/services/xxx")),
                accepted("BACKUP_WEBHOOK_URL", "http://127.0.0.1:8080/hook?token=abc",
                        c -> c.backup().notifications().webhookUrl(), URI.create("http://127.0.0.1:8080/hook?token=abc")),
                accepted("BACKUP_WEBHOOK_URL", "", c -> String.valueOf(c.backup().notifications().webhookUrl()), "null"),
                accepted("BACKUP_VERIFY", "false", c -> c.backup().verify(), false),
                accepted("BACKUP_SCRUB_INTERVAL", "0", c -> c.backup().scrubInterval(), Duration.ZERO),
                accepted("BACKUP_SCRUB_INTERVAL", "24h", c -> c.backup().scrubInterval(), Duration.ofHours(24)),
                accepted("BACKUP_SCRUB_INTERVAL", "2s", c -> c.backup().scrubInterval(), Duration.ofSeconds(2)),
                accepted("BACKUP_SCRUB_INTERVAL", "7d", c -> c.backup().scrubInterval(), Duration.ofDays(7)),
                accepted("BACKUP_DRILL_INTERVAL", "0", c -> c.backup().drillInterval(), Duration.ZERO),
                accepted("BACKUP_DRILL_INTERVAL", "1m", c -> c.backup().drillInterval(), Duration.ofMinutes(1)),
                accepted("BACKUP_DRILL_INTERVAL", "168h", c -> c.backup().drillInterval(), Duration.ofHours(168)),
                accepted("BACKUP_DRILL_INTERVAL", "8760h", c -> c.backup().drillInterval(), Duration.ofHours(8760)),
                accepted("BACKUP_DEDUP", "true", c -> c.backup().dedup(), true),
                accepted("BACKUP_TIMEZONE", "UTC", c -> c.backup().timezone(), ZoneId.of("UTC")),
                accepted("BACKUP_TIMEZONE", "Europe/Berlin", c -> c.backup().timezone(), ZoneId.of("Europe/Berlin")),
                accepted("BACKUP_TIMEZONE", "+02:00", c -> c.backup().timezone(), ZoneId.of("+02:00")),
                accepted("BACKUP_OFFSITE_URL", "s3://my-bucket", c -> c.backup().offsite().url(), URI.create("s3://my-bucket")),
                accepted("BACKUP_OFFSITE_URL", "s3://my.bucket-1/cartographus/prod",
                        c -> c.backup().offsite().url(), URI.create("s3://my.bucket-1/cartographus/prod")),
                accepted("BACKUP_OFFSITE_URL", "", c -> c.backup().offsite().enabled(), false),
                accepted("BACKUP_OFFSITE_ENDPOINT", "http://127.0.0.1:9000", c -> c.backup().offsite().endpoint(),
                        URI.create("http://127.0.0.1:9000")),
                accepted("BACKUP_OFFSITE_ENDPOINT", "https://s3.eu-central-1.amazonaws.com",
                        c -> c.backup().offsite().endpoint(), URI.create("https://s3.eu-central-1.amazonaws.com")),
                accepted("BACKUP_OFFSITE_REGION", "eu-central-1", c -> c.backup().offsite().region(), "eu-central-1"),
                accepted("BACKUP_OFFSITE_REGION", "auto", c -> c.backup().offsite().region(), "auto"),
                accepted("BACKUP_OFFSITE_PATH_STYLE", "true", c -> c.backup().offsite().pathStyle(), true),
                accepted("DATA_DIR", "/var/lib/cartographus", c -> List.of(c.host().dataDir(), c.host().duckdbPath()),
                        List.of(Path.of("/var/lib/cartographus"), Path.of("/var/lib/cartographus/cartographus.duckdb"))),
                accepted(Map.of("DATA_DIR", "/data", "DUCKDB_PATH", "db/app.duckdb"), c -> c.host().duckdbPath(),
                        Path.of("/data/db/app.duckdb")),
                accepted("DUCKDB_PATH", "/srv/db/app.duckdb", c -> c.host().duckdbPath(), Path.of("/srv/db/app.duckdb")),
                accepted("HTTP_HOST", "0.0.0.0", c -> c.host().httpHost(), "0.0.0.0"),
                accepted("HTTP_HOST", "::1", c -> c.host().httpHost(), "::1"),
                accepted("HTTP_PORT", "0", c -> c.host().httpPort(), 0),
                accepted("HTTP_PORT", "65535", c -> c.host().httpPort(), 65535),
                accepted("MAINTENANCE_MODE", "true", c -> c.host().maintenanceMode(), true),
                accepted("CARTOGRAPHUS_ADMIN_TOKEN", "0123456789abcdef", c -> c.host().adminToken(), "0123456789abcdef"),
                accepted("CARTOGRAPHUS_ADMIN_TOKEN", "", c -> String.valueOf(c.host().adminToken()), "null"));
    }

    private static Arguments accepted(String name, String value, Function<AppConfig, Object> getter, Object expected) {
        return accepted(Map.of(name, value), getter, expected);
    }

    private static Arguments accepted(Map<String, String> env, Function<AppConfig, Object> getter, Object expected) {
        return Arguments.of(Named.of(env.toString(), env), getter, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedValues")
    void accepts_a_valid_value(Map<String, String> env, Function<AppConfig, Object> getter, Object expected) {
        assertThat(getter.apply(load(env))).isEqualTo(expected);
    }

    @Test
    void relative_data_dir_is_made_absolute_against_the_working_directory() {
        AppConfig c = load(Map.of("DATA_DIR", "./var/../state"));
        assertThat(c.host().dataDir()).isEqualTo(wd.resolve("state")).isAbsolute();
        assertThat(c.host().duckdbPath()).isEqualTo(wd.resolve("state/cartographus.duckdb"));
    }

    static Stream<Arguments> refusedValues() {
        return Stream.of(
                refused("BACKUP_ENABLED", "maybe", "true or false (also 1/0, yes/no, on/off)"),
                refused("BACKUP_ENABLED", "", "true or false"),
                refused("BACKUP_ENABLED", "2", "true or false"),
                refused("BACKUP_DIR", "backups", "an absolute directory path such as /data/backups"),
                refused("BACKUP_DIR", "./data/backups", "an absolute directory path"),
                refused("BACKUP_DIR", "", "an absolute directory path"),
                refused("BACKUP_SCHEDULE_ENABLED", "yess", "true or false"),
                refused("BACKUP_INTERVAL", "59m", "a duration from 1h to 8760h such as 24h, 90m, 1h30m, 36h or 7d"),
                refused("BACKUP_SCRUB_INTERVAL", "500ms", "0 (off) or a duration from 1s to 8760h"),
                refused("BACKUP_SCRUB_INTERVAL", "-1h", "0 (off) or a duration from 1s to 8760h"),
                refused("BACKUP_SCRUB_INTERVAL", "weekly", "0 (off) or a duration from 1s to 8760h"),
                refused("BACKUP_SCRUB_INTERVAL", "8761h", "0 (off) or a duration from 1s to 8760h"),
                refused("BACKUP_DRILL_INTERVAL", "30s", "0 (off) or a duration from 1m to 8760h"),
                refused("BACKUP_DRILL_INTERVAL", "-720h", "0 (off) or a duration from 1m to 8760h"),
                refused("BACKUP_DRILL_INTERVAL", "monthly", "0 (off) or a duration from 1m to 8760h"),
                refused("BACKUP_DRILL_INTERVAL", "8761h", "0 (off) or a duration from 1m to 8760h"),
                refused("BACKUP_INTERVAL", "30s", "a duration from 1h to 8760h"),
                refused("BACKUP_INTERVAL", "0", "a duration from 1h to 8760h"),
                refused("BACKUP_INTERVAL", "8761h", "a duration from 1h to 8760h"),
                refused("BACKUP_INTERVAL", "366d", "a duration from 1h to 8760h"),
                refused("BACKUP_INTERVAL", "24", "a duration from 1h to 8760h"),
                refused("BACKUP_INTERVAL", "-24h", "a duration from 1h to 8760h"),
                refused("BACKUP_INTERVAL", "daily", "a duration from 1h to 8760h"),
                refused("BACKUP_INTERVAL", "1y", "a duration from 1h to 8760h"),
                refused("BACKUP_INTERVAL", "99999999999999999999h", "a duration from 1h to 8760h"),
                refused("BACKUP_PREFERRED_HOUR", "24", "an integer from 0 to 23 (hour of the day on a 24-hour clock)"),
                refused("BACKUP_PREFERRED_HOUR", "-1", "an integer from 0 to 23"),
                refused("BACKUP_PREFERRED_HOUR", "2.5", "an integer from 0 to 23"),
                refused("BACKUP_PREFERRED_HOUR", "two", "an integer from 0 to 23"),
                refused("BACKUP_PREFERRED_HOUR", "", "an integer from 0 to 23"),
                refused("BACKUP_TYPE", "incremental", "one of full, database, config"),
                refused("BACKUP_TYPE", "", "one of full, database, config"),
                refused("BACKUP_PRE_SYNC", "y", "true or false"),
                refused("BACKUP_RETENTION_MIN_COUNT", "-1", "an integer from 0 to 100000"),
                refused("BACKUP_RETENTION_MIN_COUNT", "ten", "an integer from 0 to 100000"),
                refused("BACKUP_RETENTION_MAX_COUNT", "100001", "an integer from 0 to 100000 (0 = unlimited)"),
                refused("BACKUP_RETENTION_MAX_COUNT", "1e3", "an integer from 0 to 100000 (0 = unlimited)"),
                refused("BACKUP_RETENTION_MAX_DAYS", "-90", "an integer from 0 to 100000 (0 = unlimited)"),
                refused("BACKUP_RETENTION_MAX_DAYS", "99999999999999999999", "an integer from 0 to 100000"),
                refused("BACKUP_RETENTION_MAX_DAYS", "90d", "an integer from 0 to 100000"),
                refused("BACKUP_RETENTION_KEEP_RECENT_HOURS", "24h", "an integer from 0 to 100000 (0 turns the rule off)"),
                refused("BACKUP_RETENTION_KEEP_RECENT_HOURS", "-5", "an integer from 0 to 100000"),
                refused("BACKUP_RETENTION_KEEP_DAILY_DAYS", "7.0", "an integer from 0 to 100000"),
                refused("BACKUP_RETENTION_KEEP_DAILY_DAYS", "2147483648", "an integer from 0 to 100000"),
                refused("BACKUP_RETENTION_KEEP_WEEKLY_WEEKS", "four", "an integer from 0 to 100000"),
                refused("BACKUP_RETENTION_KEEP_WEEKLY_WEEKS", "100001", "an integer from 0 to 100000"),
                refused("BACKUP_RETENTION_KEEP_MONTHLY_MONTHS", "-1", "an integer from 0 to 100000"),
                refused("BACKUP_RETENTION_KEEP_MONTHLY_MONTHS", "0x10", "an integer from 0 to 100000"),
                refused("BACKUP_COMPRESSION_ENABLED", "gzip", "true or false"),
                refused("BACKUP_COMPRESSION_LEVEL", "0", "an integer from 1 to 9 (higher is smaller and slower)"),
                refused("BACKUP_COMPRESSION_LEVEL", "10", "an integer from 1 to 9"),
                refused("BACKUP_COMPRESSION_LEVEL", "best", "an integer from 1 to 9"),
                refused("BACKUP_COMPRESSION_ALGORITHM", "lz4", "gzip or zstd"),
                refused("BACKUP_COMPRESSION_ALGORITHM", "none", "gzip or zstd"),
                refused("BACKUP_ENCRYPTION_ENABLED", "enable", "true or false"),
                refused("BACKUP_ENCRYPTION_KEY", "too-short-key", "a key of at least 32 characters"),
                refused("BACKUP_ENCRYPTION_KEY", "k".repeat(31), "a key of at least 32 characters"),
                refused("BACKUP_ENCRYPTION_KEY_ID", "has space", "1 to 64 characters A-Z a-z 0-9 . _ -"),
                refused("BACKUP_ENCRYPTION_KEY_ID", "x".repeat(65), "1 to 64 characters A-Z a-z 0-9 . _ -"),
                refused("BACKUP_ENCRYPTION_KEY_ID", "clé", "1 to 64 characters A-Z a-z 0-9 . _ -"),
                refused("BACKUP_ENCRYPTION_OLD_KEYS", "just-a-key-without-an-id-0123456789", "id=key pairs"
                        + " separated by commas, ids of 1 to 64 characters A-Z a-z 0-9 . _ -, keys of at least 32"
                        + " characters, each id once and none equal to BACKUP_ENCRYPTION_KEY_ID; entry 1 has no '='"),
                refused("BACKUP_ENCRYPTION_OLD_KEYS", "old=short", "entry 1 has a key shorter than 32 characters"),
                refused("BACKUP_ENCRYPTION_OLD_KEYS", "bad id=" + KEY, "entry 1 has an invalid id"),
                refused("BACKUP_ENCRYPTION_OLD_KEYS", "a=" + KEY + ",b=" + KEY + ",a=" + OTHER_KEY,
                        "entries 1 and 3 have the same id"),
                refused("BACKUP_ENCRYPTION_OLD_KEYS", "=" + KEY, "entry 1 has an invalid id"),
                refused("BACKUP_NOTIFY_SUCCESS", "sometimes", "true or false"),
                refused("BACKUP_NOTIFY_FAILURE", "always", "true or false"),
                refused("BACKUP_NOTIFY_CLEANUP", "-1", "true or false"),
                refused("BACKUP_WEBHOOK_URL", "hooks.slack.com/services/x", "an absolute http:// or https:// URL"),
                refused("BACKUP_WEBHOOK_URL", "ftp://example.com/hook", "an absolute http:// or https:// URL"),
                refused("BACKUP_WEBHOOK_URL", "https://exa mple.com", "an absolute http:// or https:// URL"),
                refused("BACKUP_WEBHOOK_URL", "https:///path-only", "an absolute http:// or https:// URL"),
                refused("BACKUP_WEBHOOK_URL", "http://127.0.0.1:99999/hook", "an absolute http:// or https:// URL"),
                refused("BACKUP_WEBHOOK_URL", "http://127.0.0.1:0/hook", "an absolute http:// or https:// URL"),
                refused("BACKUP_VERIFY", "verify", "true or false"),
                refused("BACKUP_DEDUP", "yes please", "true or false"),
                refused("BACKUP_TIMEZONE", "Mars/Olympus_Mons", "a time zone id such as UTC, Europe/Berlin or"
                        + " America/New_York"),
                refused("BACKUP_TIMEZONE", "UTC+25", "a time zone id"),
                refused("BACKUP_TIMEZONE", "", "a time zone id"),
                refused("BACKUP_OFFSITE_URL", "https://my-bucket.s3.amazonaws.com", "s3://bucket or s3://bucket/prefix"
                        + " with a valid bucket name (3 to 63 characters a-z 0-9 . -, starting and ending with a letter"
                        + " or digit)"),
                refused("BACKUP_OFFSITE_URL", "s3://", "s3://bucket or s3://bucket/prefix"),
                refused("BACKUP_OFFSITE_URL", "s3://My-Bucket", "s3://bucket or s3://bucket/prefix"),
                refused("BACKUP_OFFSITE_URL", "s3://ab", "s3://bucket or s3://bucket/prefix"),
                refused("BACKUP_OFFSITE_URL", "s3://my_bucket", "s3://bucket or s3://bucket/prefix"),
                refused("BACKUP_OFFSITE_URL", "s3://-bucket", "s3://bucket or s3://bucket/prefix"),
                refused("BACKUP_OFFSITE_URL", "s3://my..bucket", "s3://bucket or s3://bucket/prefix"),
                refused("BACKUP_OFFSITE_URL", "s3://192.168.1.10", "s3://bucket or s3://bucket/prefix"),
                refused("BACKUP_OFFSITE_URL", "s3://key:secret@bucket/p", "s3://bucket or s3://bucket/prefix"),
                refused("BACKUP_OFFSITE_URL", "s3://bucket:9000/p", "s3://bucket or s3://bucket/prefix"),
                refused("BACKUP_OFFSITE_URL", "s3://bucket/p?versionId=1", "s3://bucket or s3://bucket/prefix"),
                refused("BACKUP_OFFSITE_URL", "s3://" + "b".repeat(64), "s3://bucket or s3://bucket/prefix"),
                refused("BACKUP_OFFSITE_ENDPOINT", "minio:9000", "an absolute http:// or https:// URL without"
                        + " credentials (the AWS SDK reads those)"),
                refused("BACKUP_OFFSITE_ENDPOINT", "http://user:pass@minio:9000", "an absolute http:// or https:// URL"),
                refused("BACKUP_OFFSITE_ENDPOINT", "s3://bucket", "an absolute http:// or https:// URL"),
                refused("BACKUP_OFFSITE_REGION", "us east 1", "a region name such as us-east-1"),
                refused("BACKUP_OFFSITE_REGION", "", "a region name such as us-east-1"),
                refused("BACKUP_OFFSITE_PATH_STYLE", "path", "true or false"),
                refused("DATA_DIR", "", "a directory path"),
                refused("DATA_DIR", "bad\u0000dir", "a directory path"),
                refused("DUCKDB_PATH", "", "a database file path (a relative one is taken from DATA_DIR)"),
                refused("DUCKDB_PATH", "/", "a database file path"),
                refused("DUCKDB_PATH", ".", "a database file path"),
                refused("HTTP_HOST", "", "a host name or IP address to listen on, without spaces"),
                refused("HTTP_HOST", "local host", "a host name or IP address to listen on, without spaces"),
                refused("HTTP_PORT", "65536", "an integer from 0 to 65535 (0 picks a free port)"),
                refused("HTTP_PORT", "-1", "an integer from 0 to 65535"),
                refused("HTTP_PORT", "http", "an integer from 0 to 65535"),
                refused("HTTP_PORT", "80.0", "an integer from 0 to 65535"),
                refused("MAINTENANCE_MODE", "maintenance", "true or false"),
                refused("CARTOGRAPHUS_ADMIN_TOKEN", "short-token", "a token of at least 16 characters"));
    }

    private static Arguments refused(String name, String value, String accepted) {
        return Arguments.of(name, value, accepted);
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("refusedValues")
    void refuses_an_invalid_value_with_one_line_naming_variable_value_and_accepted_range(
            String name, String value, String accepted) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(name, value)));
        boolean secret = ConfigSnapshot.secretNames().contains(name);
        String shown = secret ? "(hidden)" : value.replace("\n", "\\n");
        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0)).startsWith(name + "=" + shown + ": accepted ").contains(accepted)
                .doesNotContain("\n");
        if (secret && !value.isEmpty()) {
            assertThat(e.getMessage()).doesNotContain(value);
        }
    }

    @Test
    void reports_all_problems_together_one_line_each() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BACKUP_ENABLED", "maybe");
        env.put("BACKUP_DIR", "relative/backups");
        env.put("BACKUP_INTERVAL", "30m");
        env.put("BACKUP_PREFERRED_HOUR", "25");
        env.put("BACKUP_TYPE", "incremental");
        env.put("BACKUP_RETENTION_MAX_DAYS", "-1");
        env.put("BACKUP_COMPRESSION_LEVEL", "11");
        env.put("BACKUP_COMPRESSION_ALGORITHM", "lz4");
        env.put("BACKUP_TIMEZONE", "Nowhere/Land");
        env.put("HTTP_PORT", "99999");
        ConfigException e = assertThrows(ConfigException.class, () -> load(env));
        assertThat(e.problems()).hasSize(env.size());
        env.forEach((name, value) -> assertThat(e.problems()).anySatisfy(
                line -> assertThat(line).startsWith(name + "=" + value + ": accepted ")));
        assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
        assertThat(e.getMessage().lines()).hasSize(env.size());
    }

    @Test
    void masks_every_secret_in_problems() {
        String secret = "Q7-distinctive-secret";
        Map<String, String> env = Map.of(
                "BACKUP_ENCRYPTION_KEY", secret,
                "BACKUP_ENCRYPTION_OLD_KEYS", "id=" + secret + ",x" + secret,
                "BACKUP_WEBHOOK_URL", "hooks/" + secret,
                "CARTOGRAPHUS_ADMIN_TOKEN", secret.substring(0, 10));
        ConfigException e = assertThrows(ConfigException.class, () -> load(env));
        assertThat(e.problems()).hasSize(4).allSatisfy(line -> assertThat(line).contains("=(hidden): accepted"));
        assertThat(e.getMessage()).doesNotContain("Q7").doesNotContain("distinctive");
    }

    @Test
    void fails_closed_when_encryption_is_enabled_without_a_key() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of("BACKUP_ENCRYPTION_ENABLED", "true")));
        assertThat(e.problems()).containsExactly("BACKUP_ENCRYPTION_KEY=(unset): accepted a key of at least 32"
                + " characters, required because BACKUP_ENCRYPTION_ENABLED=true (backups are never written"
                + " unencrypted when encryption is on)");
        assertThrows(ConfigException.class,
                () -> load(Map.of("BACKUP_ENCRYPTION_ENABLED", "true", "BACKUP_ENCRYPTION_KEY", "")));
    }

    @Test
    void refuses_an_old_key_id_equal_to_the_current_one() {
        Map<String, String> env = Map.of("BACKUP_ENCRYPTION_ENABLED", "true", "BACKUP_ENCRYPTION_KEY", KEY,
                "BACKUP_ENCRYPTION_KEY_ID", "v2", "BACKUP_ENCRYPTION_OLD_KEYS", "v1=" + OTHER_KEY + ",v2=" + OTHER_KEY);
        ConfigException e = assertThrows(ConfigException.class, () -> load(env));
        assertThat(e.problems()).singleElement().asString()
                .startsWith("BACKUP_ENCRYPTION_OLD_KEYS=(hidden): accepted")
                .endsWith("entry 2 has the id of BACKUP_ENCRYPTION_KEY_ID")
                .doesNotContain(OTHER_KEY);
        Map<String, String> implicit = new HashMap<>(env);
        implicit.remove("BACKUP_ENCRYPTION_KEY_ID");
        implicit.put("BACKUP_ENCRYPTION_OLD_KEYS", "default=" + OTHER_KEY);
        assertThat(assertThrows(ConfigException.class, () -> load(implicit)).getMessage())
                .contains("entry 1 has the id of BACKUP_ENCRYPTION_KEY_ID");
    }

    @Test
    void refuses_min_count_above_max_count_but_not_when_max_count_is_unlimited() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(Map.of("BACKUP_RETENTION_MIN_COUNT", "60", "BACKUP_RETENTION_MAX_COUNT", "50")));
        assertThat(e.problems()).containsExactly("BACKUP_RETENTION_MIN_COUNT=60: accepted at most"
                + " BACKUP_RETENTION_MAX_COUNT=50 (set BACKUP_RETENTION_MAX_COUNT=0 for no maximum)");
        assertThat(load(Map.of("BACKUP_RETENTION_MIN_COUNT", "60", "BACKUP_RETENTION_MAX_COUNT", "0"))
                .backup().retention().minCount()).isEqualTo(60);
        assertThat(load(Map.of("BACKUP_RETENTION_MIN_COUNT", "50")).backup().retention().minCount()).isEqualTo(50);
    }

    @Test
    void dedup_and_offsite_copies_go_together() {
        AppConfig c = load(Map.of("BACKUP_DEDUP", "true", "BACKUP_OFFSITE_URL", "s3://my-bucket/cartographus"));
        assertThat(c.backup().dedup()).isTrue();
        assertThat(c.backup().offsite().enabled()).isTrue();
        assertThat(load(Map.of("BACKUP_OFFSITE_URL", "s3://my-bucket/cartographus")).backup().dedup()).isFalse();
    }

    @Test
    void does_not_add_a_cross_check_problem_on_top_of_an_invalid_value() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(Map.of("BACKUP_RETENTION_MIN_COUNT", "60", "BACKUP_RETENTION_MAX_COUNT", "lots")));
        assertThat(e.problems()).singleElement().asString().startsWith("BACKUP_RETENTION_MAX_COUNT=lots");
    }

    @Test
    void refuses_paths_that_name_the_wrong_kind_of_file() throws Exception {
        Path file = Files.writeString(wd.resolve("a-file"), "x");
        Path dir = Files.createDirectories(wd.resolve("a-dir"));
        assertThat(assertThrows(ConfigException.class, () -> load(Map.of("DATA_DIR", file.toString()))).problems())
                .singleElement().asString().startsWith("DATA_DIR=" + file + ": accepted a directory path");
        assertThat(assertThrows(ConfigException.class, () -> load(Map.of("BACKUP_DIR", file.toString()))).problems())
                .singleElement().asString().startsWith("BACKUP_DIR=" + file + ": accepted an absolute directory");
        assertThat(assertThrows(ConfigException.class, () -> load(Map.of("DUCKDB_PATH", dir.toString()))).problems())
                .singleElement().asString().startsWith("DUCKDB_PATH=" + dir + ": accepted a database file path");
    }

    @Test
    void shows_control_characters_of_a_refused_value_escaped_on_one_line() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of("BACKUP_TYPE", "full\nrm -rf")));
        assertThat(e.problems()).containsExactly("BACKUP_TYPE=full\\nrm -rf: accepted one of full, database, config");
    }

    @Test
    void ignores_environment_variables_it_does_not_know() {
        assertThat(load(Map.of("PATH", "/usr/bin", "HOME", "/root", "LANG", "C"))).isEqualTo(load(Map.of()));
    }

    @ParameterizedTest(name = "{0} runs every {1} days")
    @org.junit.jupiter.params.provider.CsvSource({"1h, 0", "23h, 0", "24h, 1", "30h, 1", "36h, 2", "47h, 2", "48h, 2",
            "7d, 7", "8760h, 365"})
    void schedule_rounds_long_intervals_to_whole_days(String interval, long days) {
        assertThat(load(Map.of("BACKUP_INTERVAL", interval)).backup().schedule().intervalDays()).isEqualTo(days);
    }

    @Test
    void each_explicit_setting_names_where_it_came_from_and_secrets_are_not_listed() throws Exception {
        Files.writeString(wd.resolve(".env"), "BACKUP_INTERVAL=36h\n");
        Path data = Files.createDirectories(wd.resolve("data"));
        Files.writeString(data.resolve("config.env"), "BACKUP_VERIFY=false\nBACKUP_INTERVAL=48h\n");
        LoadedConfig loaded = ConfigLoader.load(Map.of("BACKUP_SCHEDULE_ENABLED", "false", "BACKUP_ENCRYPTION_KEY", KEY,
                "BACKUP_ENCRYPTION_ENABLED", "true", "PATH", "/usr/bin"), wd);
        assertThat(loaded.sources()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "BACKUP_SCHEDULE_ENABLED", LoadedConfig.ENVIRONMENT,
                "BACKUP_ENCRYPTION_ENABLED", LoadedConfig.ENVIRONMENT,
                "BACKUP_INTERVAL", wd.resolve(".env").toString(),
                "BACKUP_VERIFY", data.resolve("config.env").toString()));
        assertThat(loaded.explicit()).doesNotContain("BACKUP_ENCRYPTION_KEY", "PATH");
    }

    @Test
    void the_defaults_are_what_an_empty_environment_loads() {
        Map<String, String> defaults = ConfigLoader.defaultValues();
        Map<String, String> loaded = ConfigSnapshot.sanitized(ConfigLoader.load(Map.of(), wd).config());
        loaded.forEach((name, value) -> {
            if (!List.of("DATA_DIR", "DUCKDB_PATH", "BACKUP_DIR").contains(name)) {
                assertThat(defaults.get(name)).as(name).isEqualTo(value);
            }
        });
        assertThat(defaults).containsEntry("BACKUP_SCHEDULE_ENABLED", "true");
    }
}
