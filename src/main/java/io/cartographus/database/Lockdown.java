package io.cartographus.database;

import io.cartographus.config.DuckDbConfig;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The DuckDB settings every database is opened with. No SQL of ours reads or writes a file, loads
 * an extension or attaches a database, so SQL is not allowed to: a view, macro or default planted in
 * an archive's database (or one that slipped into the live file) cannot reach the file system
 * (read_csv of a token file, COPY … TO, ATTACH) or pull code from the network.
 *
 * <p>Archive databases also get {@code lock_configuration}: nothing may change a setting while they are
 * open. The live database does not: its {@link Snapshot} switches automatic checkpoints off and on
 * around every copy ({@code SET checkpoint_threshold}), which a locked configuration refuses, and
 * DuckDB itself refuses to turn external access back on while a database runs ("Cannot enable
 * external access while database is running"; LockdownTest holds it to that), so the lock would add
 * nothing there but the loss of the snapshot.
 *
 * <p>The one exception to "no file access" is the live database's scratch directory: backup diffs and
 * table restores unpack a validated backup there and ATTACH it read-only. DuckDB checks
 * {@code allowed_directories} as a path prefix, fixes it at start-up (it refuses to change it once
 * external access is off), and the directory holds nothing but unpacked backups, so SQL planted
 * anywhere can at most read another backup's tables, never a token or a key.
 */
final class Lockdown {
    private Lockdown() {
    }

    /** For a database taken from an archive: read-only, no file or network access, settings locked. */
    static Properties archive(DuckDbConfig limits) {
        Properties p = limited(limits);
        p.setProperty("duckdb.read_only", "true");
        p.setProperty("lock_configuration", "true");
        return p;
    }

    /** For a live database without attachments: no file or network access from SQL (the settings stay changeable, see above). */
    static Properties live() {
        return common();
    }

    /** For the live database: as {@link #live()}, except that SQL may read files under {@code scratch}. */
    static Properties live(Path scratch, DuckDbConfig limits) {
        Properties p = limited(limits);
        p.setProperty("allowed_directories", "['" + listElement(scratch.toAbsolutePath().normalize() + java.io.File.separator) + "']");
        return p;
    }

    /** Escapes a string for a single-quoted element of the list DuckDB casts a setting's text to. */
    static String listElement(String s) {
        return s.replace("\\", "\\\\").replace("'", "\\'");
    }

    /** {@link #common()} within DUCKDB_MEMORY_LIMIT and DUCKDB_THREADS (docs/design.md §18). */
    private static Properties limited(DuckDbConfig limits) {
        Properties p = common();
        p.setProperty("memory_limit", limits.memoryLimitSetting());
        p.setProperty("threads", Integer.toString(limits.threads()));
        return p;
    }

    private static Properties common() {
        Properties p = new Properties();
        p.setProperty("enable_external_access", "false");
        p.setProperty("autoload_known_extensions", "false");
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("allow_community_extensions", "false");
        return p;
    }
}
