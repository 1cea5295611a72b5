package io.cartographus.config;

import static io.cartographus.config.EnvNames.*;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The configuration as it may leave the process: in an archive's {@code config/config.json} and,
 * after a config restore, in {@code DATA_DIR/config.env}. Secrets (keys, tokens, the webhook URL,
 * off-site credentials) are never part of it, by construction: only non-secret values are ever
 * read from the {@link AppConfig}.
 */
public final class ConfigSnapshot {
    /** Values written without quotes; anything else is double-quoted so that {@link DotEnv} reads it back exactly. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@+,=-]*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ConfigSnapshot() {
    }

    /**
     * The effective value of every non-secret variable, by variable name, sorted. Optional values that
     * are unset are present with the empty string (which the loader reads as unset), so the map always
     * has the same keys. Loading it back (as config.env) gives the same configuration, secrets aside.
     */
    public static Map<String, String> sanitized(AppConfig c) {
        TreeMap<String, String> m = new TreeMap<>();
        HostConfig h = c.host();
        m.put(DATA_DIR, path(h.dataDir()));
        m.put(DUCKDB_PATH, path(h.duckdbPath()));
        m.put(HTTP_HOST, h.httpHost());
        m.put(HTTP_PORT, Integer.toString(h.httpPort()));
        m.put(MAINTENANCE_MODE, Boolean.toString(h.maintenanceMode()));
        m.put(LOG_DIR, h.logDir() == null ? "" : path(h.logDir()));
        m.put(DUCKDB_MEMORY_LIMIT, DuckDbConfig.formatSize(c.duckdb().memoryLimitBytes()));
        m.put(DUCKDB_THREADS, Integer.toString(c.duckdb().threads()));
        BackupConfig b = c.backup();
        m.put(ENABLED, Boolean.toString(b.enabled()));
        m.put(DIR, path(b.backupDir()));
        ScheduleConfig s = b.schedule();
        m.put(SCHEDULE_ENABLED, Boolean.toString(s.enabled()));
        m.put(INTERVAL, GoDuration.format(s.interval()));
        m.put(PREFERRED_HOUR, Integer.toString(s.preferredHour()));
        m.put(TYPE, s.type().label());
        m.put(PRE_SYNC, Boolean.toString(s.preSync()));
        RetentionPolicy r = b.retention();
        m.put(MIN_COUNT, Integer.toString(r.minCount()));
        m.put(MAX_COUNT, Integer.toString(r.maxCount()));
        m.put(MAX_DAYS, Integer.toString(r.maxDays()));
        m.put(KEEP_RECENT_HOURS, Integer.toString(r.keepRecentHours()));
        m.put(KEEP_DAILY_DAYS, Integer.toString(r.keepDailyDays()));
        m.put(KEEP_WEEKLY_WEEKS, Integer.toString(r.keepWeeklyWeeks()));
        m.put(KEEP_MONTHLY_MONTHS, Integer.toString(r.keepMonthlyMonths()));
        // A record built in code may say "algorithm NONE"; the variables express that as compression off.
        boolean none = b.compression().algorithm() == Compression.NONE;
        m.put(COMPRESSION_ENABLED, Boolean.toString(b.compression().enabled() && !none));
        m.put(COMPRESSION_LEVEL, Integer.toString(b.compression().level()));
        m.put(COMPRESSION_ALGORITHM, (none ? Compression.GZIP : b.compression().algorithm()).label());
        m.put(ENCRYPTION_ENABLED, Boolean.toString(b.encryption().enabled()));
        m.put(ENCRYPTION_KEY_ID, orEmpty(b.encryption().keyId()));
        m.put(NOTIFY_SUCCESS, Boolean.toString(b.notifications().onSuccess()));
        m.put(NOTIFY_FAILURE, Boolean.toString(b.notifications().onFailure()));
        m.put(NOTIFY_CLEANUP, Boolean.toString(b.notifications().onCleanup()));
        m.put(VERIFY, Boolean.toString(b.verify()));
        m.put(SCRUB_INTERVAL, GoDuration.format(b.scrubInterval()));
        m.put(DRILL_INTERVAL, GoDuration.format(b.drillInterval()));
        m.put(TIMEZONE, b.timezone().getId());
        m.put(DEDUP, Boolean.toString(b.dedup()));
        OffsiteConfig o = b.offsite();
        m.put(OFFSITE_URL, uri(o.url()));
        m.put(OFFSITE_ENDPOINT, uri(o.endpoint()));
        m.put(OFFSITE_REGION, o.region());
        m.put(OFFSITE_PATH_STYLE, Boolean.toString(o.pathStyle()));
        return Collections.unmodifiableSortedMap(m);
    }

    /** Names of the variables whose values are secret: never logged, never in an archive or config.env. */
    public static Set<String> secretNames() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(SECRETS));
    }

    /**
     * Dotenv text that {@link DotEnv#parse} reads back to exactly {@code values}, with a header
     * comment. Refuses secret names, so a secret cannot end up in config.env through this path.
     */
    public static String toDotEnv(Map<String, String> values) {
        StringBuilder out = new StringBuilder()
                .append("# Configuration restored by cartographus from a configuration backup.\n")
                .append("# Applied at the next start. Environment variables and .env take precedence;\n")
                .append("# secrets (keys, tokens, webhook URL) are never stored here.\n");
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            String name = e.getKey();
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a variable name: " + name);
            }
            if (SECRETS.contains(name)) {
                throw new IllegalArgumentException(name + " is a secret and is never written to a dotenv file");
            }
            out.append(name).append('=').append(quoted(e.getValue())).append('\n');
        }
        return out.toString();
    }

    /**
     * What an archive's {@code config/config.json} holds (docs/design.md §3); Jackson serializes it as is.
     * {@code explicit} names the settings given on purpose (the rest are defaults): a restore brings
     * back only those, so a default of the day of the backup never becomes a permanent setting.
     */
    public static Map<String, Object> document(AppConfig c, Set<String> explicit, String appVersion) {
        Map<String, Object> doc = new LinkedHashMap<>(document(c, appVersion));
        doc.put("explicit", List.copyOf(new TreeSet<>(explicit)));
        return Collections.unmodifiableMap(doc);
    }

    /** The document as archives before format 2 wrote it: without the names set explicitly. */
    public static Map<String, Object> document(AppConfig c, String appVersion) {
        BackupConfig b = c.backup();
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("backup_enabled", b.enabled());
        flags.put("schedule_enabled", b.schedule().enabled());
        flags.put("pre_sync", b.schedule().preSync());
        flags.put("compression", b.compression().enabled());
        flags.put("encryption", b.encryption().enabled());
        flags.put("verify", b.verify());
        flags.put("offsite", b.offsite().enabled());
        flags.put("dedup", b.dedup());
        flags.put("maintenance_mode", c.host().maintenanceMode());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", 1);
        doc.put("app_version", appVersion);
        doc.put("environment", sanitized(c));
        doc.put("secrets_excluded", List.copyOf(secretNames()));
        doc.put("feature_flags", Collections.unmodifiableMap(flags));
        return Collections.unmodifiableMap(doc);
    }

    private static String quoted(String value) {
        if (PLAIN.matcher(value).matches()) {
            return value;
        }
        StringBuilder q = new StringBuilder("\"");
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '\\' -> q.append("\\\\");
                case '"' -> q.append("\\\"");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> q.append(ch);
            }
        }
        return q.append('"').toString();
    }

    private static String path(Path p) {
        return p.toString();
    }

    private static String uri(URI u) {
        return u == null ? "" : u.toString();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
