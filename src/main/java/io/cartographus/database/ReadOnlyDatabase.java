package io.cartographus.database;

import io.cartographus.config.DuckDbConfig;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * Opens a database file that is not the live one (an unpacked backup) read-only, as a separate
 * DuckDB instance locked down ({@link Lockdown#archive}), proves it holds exactly the application's
 * schema ({@link SchemaCheck}), then scans every table. Opening checks headers and metadata; the full
 * scan makes DuckDB check every data block's checksum.
 */
public final class ReadOnlyDatabase {
    private ReadOnlyDatabase() {
    }

    /**
     * @param untrusted null when the database is the application's schema; else why it is not (then
     *     nothing else was read from it: {@code tables} is empty and {@code info} null)
     */
    public record Inspection(Map<String, TableStats> tables, DuckInfo info, String untrusted) {
    }

    /** @param limits the memory and threads this instance may use (a check's share, see {@link DuckDbConfig#forChecks()}) */
    public static Inspection inspect(Path file, DuckDbConfig limits) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), Lockdown.archive(limits))) {
            // Before any of its data is read: a view or macro must not get to answer our queries.
            String untrusted = SchemaCheck.refusal(c, file.getFileName().toString());
            if (untrusted != null) {
                return new Inspection(Map.of(), null, untrusted);
            }
            return new Inspection(TableStats.compute(c), DuckInfo.of(c), null);
        } catch (SQLException e) {
            throw new BackupException(ErrorKind.CORRUPT_ARCHIVE,
                    "the database " + file.getFileName() + " does not open or scan cleanly: " + Database.firstLine(e.getMessage()), e);
        }
    }
}
