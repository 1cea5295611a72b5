package io.cartographus.restore;

import io.cartographus.database.Database;
import io.cartographus.database.TableStats;
import io.cartographus.error.BackupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** A read-only look at the live database for the planner: does it read, does it hold data, how big, how much room. */
final class LiveProbe {
    private final Database database;

    LiveProbe(Database database) {
        this.database = database;
    }

    LiveFacts facts() {
        boolean readable = database.isOpen();
        Rows rows = new Rows(true, -1); // an unreadable file may be the damaged one an operator wants to keep
        String reason = readable ? null : database.unavailableReason();
        if (readable) {
            try {
                rows = database.read(LiveProbe::rows);
            } catch (BackupException e) {
                readable = false;
                reason = e.getMessage();
            }
        }
        return new LiveFacts(readable, reason, rows.any(), rows.events(), size(database.file()) + size(database.walFile()), free(database.file()));
    }

    /** Whether any table but the schema version holds a row, and how many playback events there are. */
    private record Rows(boolean any, long events) {
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

    private static Rows rows(Connection c) throws SQLException {
        List<String> tables = TableStats.tables(c);
        boolean any = false;
        for (String t : tables) {
            if (!t.equals("schema_version") && query(c, "SELECT count(*) FROM (SELECT 1 FROM " + quoted(t) + " LIMIT 1)") != 0) {
                any = true;
                break;
            }
        }
        return new Rows(any, tables.contains("playback_events") ? query(c, "SELECT count(*) FROM playback_events") : 0);
    }

    /** The one number a query returns. */
    private static long query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String quoted(String table) {
        return "\"" + table.replace("\"", "\"\"") + "\"";
    }
}
