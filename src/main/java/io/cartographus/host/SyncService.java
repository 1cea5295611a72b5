package io.cartographus.host;

import io.cartographus.database.Database;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Ingests a batch of playback events in one transaction, idempotent by event id: a re-sent event is
 * counted as a duplicate and changes nothing. Users and geolocations are updated from the events
 * that were actually new.
 */
public final class SyncService {
    private final Database database;
    private final PreSyncHook preSync;
    private final BooleanSupplier paused;
    /**
     * One batch is written at a time: two concurrent batches updating the same users or places
     * made DuckDB's optimistic concurrency fail one of them ("Conflict on update", a 500). Fair, so
     * that under load batches are written in the order they arrived and none waits much longer.
     */
    private final ReentrantLock oneBatchAtATime = new ReentrantLock(true);
    /** 500 rows × 16 parameters per statement keeps each statement small enough to prepare quickly. */
    private static final int ROWS_PER_STATEMENT = 500;

    /** @param paused true while sync must not run (maintenance mode, a restore) */
    public SyncService(Database database, PreSyncHook preSync, BooleanSupplier paused) {
        this.database = database;
        this.preSync = preSync;
        this.paused = paused;
    }

    public SyncResult sync(List<PlaybackEvent> events) {
        if (paused.getAsBoolean()) {
            throw new BackupException(ErrorKind.UNAVAILABLE, "sync is paused (maintenance mode or a restore in progress)",
                    "retry after the maintenance ends", null);
        }
        String backupId;
        try {
            backupId = preSync.beforeSync();
        } catch (BackupException e) {
            throw new BackupException(preSyncKind(e.kind()), "sync not run: the pre-sync backup failed: " + e.getMessage(),
                    e.hint() != null ? e.hint() : "nothing was written; fix the cause and send the same batch again", e);
        }
        oneBatchAtATime.lock();
        try {
            Instant now = Instant.now();
            // The events and their sync_log line commit together.
            int inserted = database.write(c -> {
                int n = events.isEmpty() ? 0 : insert(c, events, now);
                try (PreparedStatement p = c.prepareStatement("INSERT INTO sync_log VALUES (?, ?, ?)")) {
                    p.setTimestamp(1, Timestamp.from(now));
                    p.setInt(2, events.size());
                    p.setInt(3, n);
                    p.executeUpdate();
                }
                return n;
            });
            return new SyncResult(events.size(), inserted, events.size() - inserted, backupId);
        } finally {
            oneBatchAtATime.unlock();
        }
    }

    /**
     * The caller sees why the backup failed: 409 while another backup or restore runs, 507 when the
     * disk is full, 503 when storage or the database is unavailable. Kinds that would blame the
     * caller's request (400, 404…) cannot be the sync's fault, so they become 500.
     */
    static ErrorKind preSyncKind(ErrorKind k) {
        return switch (k) {
            case BUSY, NO_SPACE, UNAVAILABLE, STORAGE_UNAVAILABLE, INTERNAL -> k;
            default -> ErrorKind.INTERNAL;
        };
    }

    private static int insert(Connection c, List<PlaybackEvent> events, Instant now) throws SQLException {
        Set<String> newIds = new HashSet<>();
        insertRows(c, "INSERT OR IGNORE INTO playback_events", "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", " RETURNING id", events,
                (p, at, e) -> bind(p, at, e, now), r -> newIds.add(r.getString(1)));
        upsertUsersAndPlaces(c, events, newIds);
        return newIds.size();
    }

    /** Binds the 16 columns of one event, the first at parameter {@code at}. */
    private static void bind(PreparedStatement p, int at, PlaybackEvent e, Instant now) throws SQLException {
        p.setString(at, e.id());
        p.setLong(at + 1, e.userId());
        p.setString(at + 2, e.username());
        p.setString(at + 3, e.title());
        p.setString(at + 4, e.mediaType());
        p.setTimestamp(at + 5, Timestamp.from(e.startedAt()));
        p.setTimestamp(at + 6, Timestamp.from(e.stoppedAt()));
        if (e.durationS() == null) {
            p.setNull(at + 7, Types.INTEGER);
        } else {
            p.setInt(at + 7, e.durationS());
        }
        p.setString(at + 8, e.ipAddress());
        p.setString(at + 9, e.platform());
        p.setString(at + 10, e.player());
        p.setString(at + 11, e.city());
        p.setString(at + 12, e.country());
        setDouble(p, at + 13, e.latitude());
        setDouble(p, at + 14, e.longitude());
        p.setTimestamp(at + 15, Timestamp.from(now));
    }

    interface RowBinder<T> {
        void bind(PreparedStatement p, int firstParameter, T row) throws SQLException;
    }

    interface Returned {
        void row(ResultSet r) throws SQLException;
    }

    /**
     * One INSERT per chunk of rows, not one per row: every statement waits its turn in DuckDB's
     * scheduler, and under heavy read load a 50-event batch written row by row (about 110
     * statements) took over a second, its p99 half a minute with ten syncing clients.
     *
     * @param tail what follows the VALUES (ON CONFLICT, RETURNING), or ""
     * @param returned reads the rows of a RETURNING clause (null: none)
     */
    private static <T> void insertRows(Connection c, String into, String rowTemplate, String tail, java.util.Collection<T> rows,
                                       RowBinder<T> binder, Returned returned) throws SQLException {
        int perRow = (int) rowTemplate.chars().filter(ch -> ch == '?').count();
        List<T> all = new java.util.ArrayList<>(rows);
        for (int from = 0; from < all.size(); from += ROWS_PER_STATEMENT) {
            List<T> chunk = all.subList(from, Math.min(all.size(), from + ROWS_PER_STATEMENT));
            String sql = into + " VALUES " + String.join(",", java.util.Collections.nCopies(chunk.size(), rowTemplate)) + tail;
            try (PreparedStatement p = c.prepareStatement(sql)) {
                int at = 1;
                for (T row : chunk) {
                    binder.bind(p, at, row);
                    at += perRow;
                }
                if (returned == null) {
                    p.executeUpdate();
                } else {
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            returned.row(r);
                        }
                    }
                }
            }
        }
    }

    private static void setDouble(PreparedStatement p, int i, Double v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.DOUBLE);
        } else {
            p.setDouble(i, v);
        }
    }

    private static void upsertUsersAndPlaces(Connection c, List<PlaybackEvent> events, Set<String> newIds) throws SQLException {
        Map<Long, PlaybackEvent> lastByUser = new LinkedHashMap<>();
        Map<Long, Integer> countByUser = new LinkedHashMap<>();
        Map<String, PlaybackEvent> byIp = new LinkedHashMap<>();
        for (PlaybackEvent e : events) {
            if (!newIds.contains(e.id())) {
                continue;
            }
            lastByUser.merge(e.userId(), e, (a, b) -> b.startedAt().isAfter(a.startedAt()) ? b : a);
            countByUser.merge(e.userId(), 1, Integer::sum);
            if (e.ipAddress() != null && e.city() != null) {
                byIp.put(e.ipAddress(), e);
            }
        }
        // One row per user and per address in each statement (the maps' keys), as ON CONFLICT requires.
        insertRows(c, "INSERT INTO users (user_id, username, first_seen, last_seen, playback_count)", "(?, ?, ?, ?, ?)", """

                ON CONFLICT (user_id) DO UPDATE SET
                    username = coalesce(excluded.username, users.username),
                    first_seen = least(users.first_seen, excluded.first_seen),
                    last_seen = greatest(users.last_seen, excluded.last_seen),
                    playback_count = users.playback_count + excluded.playback_count""", lastByUser.entrySet(), (p, at, u) -> {
            PlaybackEvent e = u.getValue();
            p.setLong(at, u.getKey());
            p.setString(at + 1, e.username());
            p.setTimestamp(at + 2, Timestamp.from(e.startedAt()));
            p.setTimestamp(at + 3, Timestamp.from(e.stoppedAt()));
            p.setLong(at + 4, countByUser.get(u.getKey()));
        }, null);
        insertRows(c, "INSERT INTO geolocations", "(?, ?, ?, ?, ?, now())", """

                ON CONFLICT (ip_address) DO UPDATE SET city = excluded.city, country = excluded.country,
                    latitude = excluded.latitude, longitude = excluded.longitude, updated_at = excluded.updated_at""",
                byIp.values(), (p, at, e) -> {
                    p.setString(at, e.ipAddress());
                    p.setString(at + 1, e.city());
                    p.setString(at + 2, e.country());
                    setDouble(p, at + 3, e.latitude());
                    setDouble(p, at + 4, e.longitude());
                }, null);
    }
}
