package io.cartographus.restore;

import io.cartographus.database.Database;
import io.cartographus.error.BackupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A read-only look at the live database for the planner: does it read, does it hold data, how big, how much room. */
final class LiveProbe {
    private final Database database;

    LiveProbe(Database database) {
        this.database = database;
    }

    LiveFacts facts() {
        boolean readable = database.isOpen();
        boolean hasData = true; // an unreadable file may be the damaged one an operator wants to keep
        long records = -1;
        String reason = readable ? null : database.unavailableReason();
        if (readable) {
            try {
                hasData = database.read(LiveProbe::anyRows);
                records = database.read(LiveProbe::events);
            } catch (BackupException e) {
                readable = false;
                reason = e.getMessage();
            }
        }
        return new LiveFacts(readable, reason, hasData, records, size(database.file()) + size(database.walFile()), free(database.file()));
    }

    private static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static long free(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            return Files.isDirectory(dir) ? Files.getFileStore(dir).getUsableSpace() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static long events(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
                     + "AND schema_name = 'main' AND table_name = 'playback_events'")) {
            if (!r.next() || r.getLong(1) == 0) {
                return 0;
            }
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM playback_events")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** A row in any table but the schema version. */
    private static boolean anyRows(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                     + "AND schema_name = 'main' AND NOT temporary AND table_name <> 'schema_version'")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        for (String t : tables) {
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT EXISTS (SELECT 1 FROM \"" + t.replace("\"", "\"\"") + "\")")) {
                if (r.next() && r.getBoolean(1)) {
                    return true;
                }
            }
        }
        return false;
    }
}
