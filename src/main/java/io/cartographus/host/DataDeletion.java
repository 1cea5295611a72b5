package io.cartographus.host;

import io.cartographus.database.Database;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes users and playback events, each request in one transaction. Every deletion is logged at
 * INFO with the word "delete", what was asked, the rows removed per table and who asked: that line
 * is what an operator greps for to find when data went missing (the guide's scenario 3).
 *
 * <p>Deleting playbacks leaves {@code users.playback_count} alone: it counts what was synced, and
 * a merge restore of the events (which changes no existing row) then brings the two back in line.
 */
public final class DataDeletion {
    private static final Logger log = LoggerFactory.getLogger(DataDeletion.class);

    private final Database database;
    private final BooleanSupplier paused;

    /** @param paused true while writes must not run (maintenance mode, a restore) */
    public DataDeletion(Database database, BooleanSupplier paused) {
        this.database = database;
        this.paused = paused;
    }

    /** Deletes user {@code userId} and all their playback events; rows deleted by table. */
    public Map<String, Long> deleteUser(long userId, String actor) {
        requireRunning();
        Map<String, Long> counts = database.write(c -> {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("playback_events", delete(c, "DELETE FROM playback_events WHERE user_id = ?", List.of(userId)));
            m.put("users", delete(c, "DELETE FROM users WHERE user_id = ?", List.of(userId)));
            return m;
        });
        if (counts.values().stream().allMatch(n -> n == 0)) {
            throw new BackupException(ErrorKind.NOT_FOUND, "user " + userId + " not found: no user row and no playback events");
        }
        log.info("delete of user {} by token '{}': deleted {}", userId, actor, counts);
        return counts;
    }

    /** Deletes the playback events matching every given filter; rows deleted by table (0 is not an error). */
    public Map<String, Long> deletePlaybacks(PlaybackFilter filter, String actor) {
        requireRunning();
        long n = database.write(c -> delete(c, "DELETE FROM playback_events WHERE " + filter.where(), filter.parameters()));
        Map<String, Long> counts = Map.of("playback_events", n);
        log.info("delete of playbacks matching {} by token '{}': deleted {}", filter.described(), actor, counts);
        return counts;
    }

    private void requireRunning() {
        if (paused.getAsBoolean()) {
            throw new BackupException(ErrorKind.UNAVAILABLE, "deleting is paused (maintenance mode or a restore in progress)",
                    "retry after the maintenance ends", null);
        }
    }

    private static long delete(Connection c, String sql, List<Object> parameters) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                p.setObject(i + 1, parameters.get(i));
            }
            return p.executeLargeUpdate();
        }
    }
}
