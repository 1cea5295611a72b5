package io.cartographus.config;

import java.util.List;
import java.util.Set;

/** The environment variable names, in one place so loader, snapshot and warnings cannot drift apart. */
final class EnvNames {
    static final String ENV_FILE = "CARTOGRAPHUS_ENV_FILE";

    static final String DATA_DIR = "DATA_DIR";
    static final String DUCKDB_PATH = "DUCKDB_PATH";
    static final String HTTP_HOST = "HTTP_HOST";
    static final String HTTP_PORT = "HTTP_PORT";
    static final String MAINTENANCE_MODE = "MAINTENANCE_MODE";
    static final String ADMIN_TOKEN = "CARTOGRAPHUS_ADMIN_TOKEN";
    static final String LOG_DIR = "LOG_DIR";
    static final String DUCKDB_MEMORY_LIMIT = "DUCKDB_MEMORY_LIMIT";
    static final String DUCKDB_THREADS = "DUCKDB_THREADS";

    static final String ENABLED = "BACKUP_ENABLED";
    static final String DIR = "BACKUP_DIR";
    static final String SCHEDULE_ENABLED = "BACKUP_SCHEDULE_ENABLED";
    static final String INTERVAL = "BACKUP_INTERVAL";
    static final String PREFERRED_HOUR = "BACKUP_PREFERRED_HOUR";
    static final String TYPE = "BACKUP_TYPE";
    static final String PRE_SYNC = "BACKUP_PRE_SYNC";
    static final String MIN_COUNT = "BACKUP_RETENTION_MIN_COUNT";
    static final String MAX_COUNT = "BACKUP_RETENTION_MAX_COUNT";
    static final String MAX_DAYS = "BACKUP_RETENTION_MAX_DAYS";
    static final String KEEP_RECENT_HOURS = "BACKUP_RETENTION_KEEP_RECENT_HOURS";
    static final String KEEP_DAILY_DAYS = "BACKUP_RETENTION_KEEP_DAILY_DAYS";
    static final String KEEP_WEEKLY_WEEKS = "BACKUP_RETENTION_KEEP_WEEKLY_WEEKS";
    static final String KEEP_MONTHLY_MONTHS = "BACKUP_RETENTION_KEEP_MONTHLY_MONTHS";
    static final String COMPRESSION_ENABLED = "BACKUP_COMPRESSION_ENABLED";
    static final String COMPRESSION_LEVEL = "BACKUP_COMPRESSION_LEVEL";
    static final String COMPRESSION_ALGORITHM = "BACKUP_COMPRESSION_ALGORITHM";
    static final String ENCRYPTION_ENABLED = "BACKUP_ENCRYPTION_ENABLED";
    static final String ENCRYPTION_KEY = "BACKUP_ENCRYPTION_KEY";
    static final String ENCRYPTION_KEY_ID = "BACKUP_ENCRYPTION_KEY_ID";
    static final String ENCRYPTION_OLD_KEYS = "BACKUP_ENCRYPTION_OLD_KEYS";
    static final String NOTIFY_SUCCESS = "BACKUP_NOTIFY_SUCCESS";
    static final String NOTIFY_FAILURE = "BACKUP_NOTIFY_FAILURE";
    static final String NOTIFY_CLEANUP = "BACKUP_NOTIFY_CLEANUP";
    static final String WEBHOOK_URL = "BACKUP_WEBHOOK_URL";
    static final String VERIFY = "BACKUP_VERIFY";
    static final String SCRUB_INTERVAL = "BACKUP_SCRUB_INTERVAL";
    static final String DRILL_INTERVAL = "BACKUP_DRILL_INTERVAL";
    static final String TIMEZONE = "BACKUP_TIMEZONE";
    static final String DEDUP = "BACKUP_DEDUP";
    static final String OFFSITE_URL = "BACKUP_OFFSITE_URL";
    static final String OFFSITE_ENDPOINT = "BACKUP_OFFSITE_ENDPOINT";
    static final String OFFSITE_REGION = "BACKUP_OFFSITE_REGION";
    static final String OFFSITE_PATH_STYLE = "BACKUP_OFFSITE_PATH_STYLE";

    /** Values never printed, logged, written to config.json or config.env. The AWS ones are read by the SDK. */
    static final Set<String> SECRETS = Set.of(ENCRYPTION_KEY, ENCRYPTION_OLD_KEYS, WEBHOOK_URL, ADMIN_TOKEN,
            "CARTOGRAPHUS_TOKEN", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");

    /** Every variable the loader reads, secrets included; anything else named BACKUP_* is a likely typo. */
    static final List<String> ALL = List.of(DATA_DIR, DUCKDB_PATH, HTTP_HOST, HTTP_PORT, MAINTENANCE_MODE,
            ADMIN_TOKEN, LOG_DIR, ENABLED, DIR, SCHEDULE_ENABLED, INTERVAL, PREFERRED_HOUR, TYPE, PRE_SYNC, MIN_COUNT,
            MAX_COUNT, MAX_DAYS, KEEP_RECENT_HOURS, KEEP_DAILY_DAYS, KEEP_WEEKLY_WEEKS, KEEP_MONTHLY_MONTHS,
            COMPRESSION_ENABLED, COMPRESSION_LEVEL, COMPRESSION_ALGORITHM, ENCRYPTION_ENABLED, ENCRYPTION_KEY,
            ENCRYPTION_KEY_ID, ENCRYPTION_OLD_KEYS, NOTIFY_SUCCESS, NOTIFY_FAILURE, NOTIFY_CLEANUP, WEBHOOK_URL,
            VERIFY, SCRUB_INTERVAL, DRILL_INTERVAL, TIMEZONE, OFFSITE_URL, OFFSITE_ENDPOINT, OFFSITE_REGION, OFFSITE_PATH_STYLE, DEDUP,
            DUCKDB_MEMORY_LIMIT, DUCKDB_THREADS);

    private EnvNames() {
    }
}
