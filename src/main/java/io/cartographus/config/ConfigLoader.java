package io.cartographus.config;

import static io.cartographus.config.EnvNames.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the {@link AppConfig} from the environment, the dotenv file, a restored
 * {@code DATA_DIR/config.env} and the defaults (docs/design.md §2). Every bad value is reported, all at once,
 * in one {@link ConfigException}; nothing is silently replaced by a default.
 */
public final class ConfigLoader {
    static final Duration MIN_INTERVAL = Duration.ofHours(1);
    static final Duration MAX_INTERVAL = Duration.ofHours(8760);
    static final int RETENTION_MAX = 100_000;
    static final int MIN_KEY_LENGTH = OldKeys.MIN_KEY_LENGTH;
    static final int MIN_ADMIN_TOKEN_LENGTH = 16;
    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private ConfigLoader() {
    }

    /**
     * @param env              the process environment ({@code System.getenv()}), highest precedence
     * @param workingDirectory where {@code .env} is looked for and relative paths start
     * @throws ConfigException listing every invalid value, one line each
     */
    public static LoadedConfig load(Map<String, String> env, Path workingDirectory) {
        Path wd = workingDirectory.toAbsolutePath().normalize();
        ConfigSources sources = ConfigSources.read(env, wd);
        Variables v = new Variables(sources.values());
        HostConfig host = host(v, wd);
        BackupConfig backup = backup(v, host.dataDir());
        DuckDbConfig duckdb = duckdb(v);
        List<String> problems = new ArrayList<>(sources.problems());
        problems.addAll(v.problems());
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        AppConfig config = new AppConfig(host, backup, duckdb);
        List<String> warnings = new ArrayList<>(sources.warnings());
        warnings.addAll(sources.ignoredLocationWarnings(config, wd));
        warnings.addAll(ConfigWarnings.of(config, v));
        return new LoadedConfig(config, warnings, explicitSources(sources));
    }

    /** Where each known, non-secret setting was given; a secret's source is nobody's business in a backup. */
    private static Map<String, String> explicitSources(ConfigSources sources) {
        Map<String, String> out = new HashMap<>();
        sources.values().forEach((name, value) -> {
            if (EnvNames.ALL.contains(name) && !EnvNames.SECRETS.contains(name)) {
                out.put(name, value.source() == null ? LoadedConfig.ENVIRONMENT : value.source());
            }
        });
        return out;
    }

    /**
     * The value each non-secret setting takes when nothing sets it, by name: what a setting left out of
     * config.env goes back to at the next start.
     */
    public static Map<String, String> defaultValues() {
        Variables v = new Variables(Map.of());
        HostConfig host = host(v, Path.of("").toAbsolutePath());
        return ConfigSnapshot.sanitized(new AppConfig(host, backup(v, host.dataDir()), duckdb(v)));
    }

    /**
     * What start-up would refuse in these values alone, each named as coming from {@code source}: the
     * same parsing, types and ranges as {@link #load}, for a configuration backup before it is restored.
     */
    static List<String> problems(Map<String, String> values, String source) {
        Map<String, Variables.Value> tagged = new HashMap<>();
        values.forEach((name, text) -> tagged.put(name, new Variables.Value(text, source)));
        Variables v = new Variables(tagged);
        HostConfig host = host(v, Path.of("").toAbsolutePath());
        backup(v, host.dataDir());
        duckdb(v);
        return v.problems();
    }

    private static HostConfig host(Variables v, Path wd) {
        Path dataDir = v.parsed(DATA_DIR, wd.resolve("data"), t -> notAFile(ConfigSources.resolve(wd, t)),
                "a directory path (a relative one is taken from the working directory " + wd + ")");
        Path duckdb = v.parsed(DUCKDB_PATH, dataDir.resolve("cartographus.duckdb"),
                t -> notADirectory(ConfigSources.resolve(dataDir, t), dataDir),
                "a database file path (a relative one is taken from DATA_DIR)");
        String httpHost = v.parsed(HTTP_HOST, "127.0.0.1", t -> t.isEmpty() || t.matches(".*\\s.*") ? null : t,
                "a host name or IP address to listen on, without spaces");
        int httpPort = v.integer(HTTP_PORT, 3857, 0, 65535, "0 picks a free port");
        boolean maintenance = v.bool(MAINTENANCE_MODE, false);
        String adminToken = v.optional(ADMIN_TOKEN, t -> t.length() >= MIN_ADMIN_TOKEN_LENGTH ? t : null,
                "a token of at least " + MIN_ADMIN_TOKEN_LENGTH + " characters");
        Path logDir = v.optional(LOG_DIR, ConfigLoader::absoluteDirectory,
                "an absolute directory path such as /var/log/cartographus (unset: log to standard error only)");
        return new HostConfig(dataDir, duckdb, httpHost, httpPort, maintenance, adminToken, logDir);
    }

    private static DuckDbConfig duckdb(Variables v) {
        DuckDbConfig defaults = DuckDbConfig.defaultsHere();
        long memory = v.parsed(DUCKDB_MEMORY_LIMIT, defaults.memoryLimitBytes(), t -> {
            Long bytes = DuckDbConfig.parseSize(t);
            return bytes == null || bytes < DuckDbConfig.MIN_MEMORY || bytes > DuckDbConfig.MAX_MEMORY ? null : bytes;
        }, "a size from 64MiB to 1TiB such as 512MiB or 2GiB (default here: " + DuckDbConfig.formatSize(defaults.memoryLimitBytes())
                + ", a quarter of the memory this process may use, at most 1GiB)");
        int threads = v.integer(DUCKDB_THREADS, defaults.threads(), 1, DuckDbConfig.MAX_THREADS,
                "default here: " + defaults.threads() + ", the processors this process may use");
        return new DuckDbConfig(memory, threads);
    }

    private static BackupConfig backup(Variables v, Path dataDir) {
        boolean enabled = v.bool(ENABLED, true);
        Path backupDir = v.parsed(DIR, dataDir.resolve("backups"), ConfigLoader::absoluteDirectory,
                "an absolute directory path such as /data/backups");
        ScheduleConfig schedule = new ScheduleConfig(
                v.bool(SCHEDULE_ENABLED, true),
                v.parsed(INTERVAL, Duration.ofHours(24), ConfigLoader::interval,
                        "a duration from 1h to 8760h such as 24h, 90m, 1h30m, 36h or 7d"),
                v.integer(PREFERRED_HOUR, 2, 0, 23, "hour of the day on a 24-hour clock"),
                v.parsed(TYPE, BackupType.FULL, t -> BackupType.parse(t.toLowerCase(Locale.ROOT)),
                        "one of " + BackupType.validLabels()),
                v.bool(PRE_SYNC, false));
        CompressionConfig compression = new CompressionConfig(
                v.bool(COMPRESSION_ENABLED, true),
                v.integer(COMPRESSION_LEVEL, 6, 1, 9, "higher is smaller and slower"),
                v.parsed(COMPRESSION_ALGORITHM, Compression.GZIP,
                        t -> Compression.parseAlgorithm(t.toLowerCase(Locale.ROOT)), "gzip or zstd"));
        NotifyConfig notifications = new NotifyConfig(v.bool(NOTIFY_SUCCESS, false), v.bool(NOTIFY_FAILURE, true),
                v.bool(NOTIFY_CLEANUP, false),
                v.optional(WEBHOOK_URL, t -> Urls.http(t, true), "an absolute http:// or https:// URL"));
        boolean verify = v.bool(VERIFY, true);
        Duration scrub = v.parsed(SCRUB_INTERVAL, Duration.ofHours(168), ConfigLoader::scrubInterval,
                "0 (off) or a duration from 1s to 8760h such as 168h, 24h or 30m");
        Duration drill = v.parsed(DRILL_INTERVAL, Duration.ofHours(720), ConfigLoader::drillInterval,
                "0 (off) or a duration from 1m to 8760h such as 720h (monthly), 168h or 24h");
        ZoneId zone = v.parsed(TIMEZONE, ZoneId.systemDefault(), ConfigLoader::zone,
                "a time zone id such as UTC, Europe/Berlin or America/New_York");
        OffsiteConfig offsite = offsite(v);
        boolean dedup = v.bool(DEDUP, false);
        return new BackupConfig(enabled, backupDir, schedule, retention(v), compression, encryption(v),
                notifications, verify, zone, offsite, scrub, dedup, drill);
    }

    private static RetentionPolicy retention(Variables v) {
        int minCount = v.integer(MIN_COUNT, 3, 0, RETENTION_MAX, "");
        int maxCount = v.integer(MAX_COUNT, 50, 0, RETENTION_MAX, "0 = unlimited");
        RetentionPolicy policy = new RetentionPolicy(minCount, maxCount,
                v.integer(MAX_DAYS, 90, 0, RETENTION_MAX, "0 = unlimited"),
                v.integer(KEEP_RECENT_HOURS, 24, 0, RETENTION_MAX, "0 turns the rule off"),
                v.integer(KEEP_DAILY_DAYS, 7, 0, RETENTION_MAX, "0 turns the rule off"),
                v.integer(KEEP_WEEKLY_WEEKS, 4, 0, RETENTION_MAX, "0 turns the rule off"),
                v.integer(KEEP_MONTHLY_MONTHS, 6, 0, RETENTION_MAX, "0 turns the rule off"));
        if (maxCount > 0 && minCount > maxCount && !v.refused(MIN_COUNT) && !v.refused(MAX_COUNT)) {
            v.problem(MIN_COUNT, "at most " + v.shown(MAX_COUNT) + v.origin(MAX_COUNT) + " (set "
                    + MAX_COUNT + "=0 for no maximum)");
        }
        return policy;
    }

    /** Fails closed: with encryption on, a missing or short key stops start-up instead of writing plaintext. */
    private static EncryptionConfig encryption(Variables v) {
        boolean enabled = v.bool(ENCRYPTION_ENABLED, false);
        String keyAccepted = "a key of at least " + MIN_KEY_LENGTH + " characters";
        String key = v.optional(ENCRYPTION_KEY, t -> t.codePointCount(0, t.length()) >= MIN_KEY_LENGTH ? t : null,
                keyAccepted);
        if (enabled && !v.isSet(ENCRYPTION_KEY)) {
            v.problem(ENCRYPTION_KEY, keyAccepted + ", required because " + v.shown(ENCRYPTION_ENABLED)
                    + v.origin(ENCRYPTION_ENABLED) + " (backups are never written unencrypted when encryption is on)");
        }
        String keyId = v.optional(ENCRYPTION_KEY_ID, t -> OldKeys.KEY_ID.matcher(t).matches() ? t : null,
                "1 to 64 characters A-Z a-z 0-9 . _ -");
        if (keyId == null && (enabled || key != null) && !v.refused(ENCRYPTION_KEY_ID)) {
            keyId = "default";
        }
        Map<String, String> oldKeys = Map.of();
        if (v.isSet(ENCRYPTION_OLD_KEYS)) {
            OldKeys.Result parsed = OldKeys.parse(v.raw(ENCRYPTION_OLD_KEYS), keyId);
            if (parsed.issues().isEmpty()) {
                oldKeys = parsed.keys();
            } else {
                v.problem(ENCRYPTION_OLD_KEYS, OldKeys.ACCEPTED + "; " + String.join("; ", parsed.issues()));
            }
        }
        return new EncryptionConfig(enabled, key, keyId, oldKeys);
    }

    private static OffsiteConfig offsite(Variables v) {
        return new OffsiteConfig(
                v.optional(OFFSITE_URL, Urls::s3, "s3://bucket or s3://bucket/prefix with a valid bucket name"
                        + " (3 to 63 characters a-z 0-9 . -, starting and ending with a letter or digit)"),
                v.optional(OFFSITE_ENDPOINT, t -> Urls.http(t, false),
                        "an absolute http:// or https:// URL without credentials (the AWS SDK reads those)"),
                v.parsed(OFFSITE_REGION, "us-east-1", t -> REGION.matcher(t).matches() ? t : null,
                        "a region name such as us-east-1"),
                v.bool(OFFSITE_PATH_STYLE, false));
    }

    static Duration interval(String text) {
        Duration d = GoDuration.parse(text);
        return d == null || d.compareTo(MIN_INTERVAL) < 0 || d.compareTo(MAX_INTERVAL) > 0 ? null : d;
    }

    /** Seconds are allowed (unlike BACKUP_INTERVAL): a scrub only reads, and tests use a short one. */
    static Duration scrubInterval(String text) {
        Duration d = GoDuration.parse(text);
        return d == null || d.isNegative() || d.compareTo(MAX_INTERVAL) > 0 || !d.isZero() && d.compareTo(Duration.ofSeconds(1)) < 0
                ? null : d;
    }

    /** A drill restores a whole backup: a minute apart at the least, a year at the most (docs/design.md §19). */
    static Duration drillInterval(String text) {
        Duration d = GoDuration.parse(text);
        return d == null || d.isNegative() || d.compareTo(MAX_INTERVAL) > 0 || !d.isZero() && d.compareTo(Duration.ofMinutes(1)) < 0
                ? null : d;
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The guide requires BACKUP_DIR to be absolute: a relative one would depend on where the service starts. */
    private static Path absoluteDirectory(String text) {
        Path resolved = ConfigSources.resolve(Path.of("/"), text);
        return resolved == null || !Path.of(text).isAbsolute() ? null : notAFile(resolved);
    }

    private static Path notAFile(Path p) {
        return p == null || Files.isRegularFile(p) ? null : p;
    }

    private static Path notADirectory(Path p, Path dataDir) {
        return p == null || p.equals(dataDir) || Files.isDirectory(p) ? null : p;
    }
}
