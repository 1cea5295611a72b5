package io.cartographus.host;

import io.cartographus.database.Database;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
            int inserted = events.isEmpty() ? 0 : database.write(c -> insert(c, events, now));
            database.write(c -> {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO sync_log VALUES (?, ?, ?)")) {
                    p.setTimestamp(1, Timestamp.from(now));
                    p.setInt(2, events.size());
                    p.setInt(3, inserted);
                    p.executeUpdate();
                }
                return null;
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
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE sync_stage AS SELECT * FROM playback_events LIMIT 0");
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO sync_stage VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (PlaybackEvent e : events) {
                bind(p, e, now);
                p.addBatch();
            }
            p.executeBatch();
        }
        Set<String> newIds = new HashSet<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("INSERT OR IGNORE INTO playback_events SELECT * FROM sync_stage RETURNING id")) {
            while (r.next()) {
                newIds.add(r.getString(1));
            }
        }
        upsertUsersAndPlaces(c, events, newIds);
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE sync_stage");
        }
        return newIds.size();
    }

    private static void bind(PreparedStatement p, PlaybackEvent e, Instant now) throws SQLException {
        p.setString(1, e.id());
        p.setLong(2, e.userId());
        p.setString(3, e.username());
        p.setString(4, e.title());
        p.setString(5, e.mediaType());
        p.setTimestamp(6, Timestamp.from(e.startedAt()));
        p.setTimestamp(7, Timestamp.from(e.stoppedAt()));
        if (e.durationS() == null) {
            p.setNull(8, Types.INTEGER);
        } else {
            p.setInt(8, e.durationS());
        }
        p.setString(9, e.ipAddress());
        p.setString(10, e.platform());
        p.setString(11, e.player());
        p.setString(12, e.city());
        p.setString(13, e.country());
        setDouble(p, 14, e.latitude());
        setDouble(p, 15, e.longitude());
        p.setTimestamp(16, Timestamp.from(now));
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
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO users (user_id, username, first_seen, last_seen, playback_count) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET
                    username = coalesce(excluded.username, users.username),
                    first_seen = least(users.first_seen, excluded.first_seen),
                    last_seen = greatest(users.last_seen, excluded.last_seen),
                    playback_count = users.playback_count + excluded.playback_count""")) {
            for (Map.Entry<Long, PlaybackEvent> u : lastByUser.entrySet()) {
                PlaybackEvent e = u.getValue();
                p.setLong(1, u.getKey());
                p.setString(2, e.username());
                p.setTimestamp(3, Timestamp.from(e.startedAt()));
                p.setTimestamp(4, Timestamp.from(e.stoppedAt()));
                p.setLong(5, countByUser.get(u.getKey()));
                p.executeUpdate();
            }
        }
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO geolocations VALUES (?, ?, ?, ?, ?, now())
                ON CONFLICT (ip_address) DO UPDATE SET city = excluded.city, country = excluded.country,
                    latitude = excluded.latitude, longitude = excluded.longitude, updated_at = excluded.updated_at""")) {
            for (PlaybackEvent e : byIp.values()) {
                p.setString(1, e.ipAddress());
                p.setString(2, e.city());
                p.setString(3, e.country());
                setDouble(p, 4, e.latitude());
                setDouble(p, 5, e.longitude());
                p.executeUpdate();
            }
        }
    }
}
