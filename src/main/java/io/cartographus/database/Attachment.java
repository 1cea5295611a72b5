package io.cartographus.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Attaches a database file that is not the live one (an unpacked backup) to the live instance,
 * read-only, under a name of its own for one call. An attachment is visible to every connection of
 * the instance, so each call gets a fresh alias, and the file is detached whatever the work did.
 * Our own queries of the live database name {@code current_database()}, so an attachment never
 * shows in a backup's manifest.
 */
final class Attachment {
    private final AtomicLong next = new AtomicLong();

    String attach(Connection c, Path file) throws SQLException {
        String alias = "backup_source_" + next.incrementAndGet();
        try (Statement s = c.createStatement()) {
            s.execute("ATTACH '" + file.toAbsolutePath().toString().replace("'", "''") + "' AS " + alias + " (READ_ONLY)");
        }
        return alias;
    }

    static void detach(Connection c, String alias) {
        try (Statement s = c.createStatement()) {
            s.execute("DETACH DATABASE IF EXISTS " + alias);
        } catch (SQLException e) {
            org.slf4j.LoggerFactory.getLogger(Attachment.class).warn("could not detach {}: {}", alias, Database.firstLine(e.getMessage()));
        }
    }
}
