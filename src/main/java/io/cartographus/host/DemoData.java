package io.cartographus.host;

import io.cartographus.database.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Fills the database with a realistic year of playback history, generated inside DuckDB with one
 * INSERT … SELECT over range(): row-by-row inserts would take hours for the 10 million events the
 * benchmarks use. Ids continue after earlier demo rows, so seeding twice adds rather than collides.
 *
 * <p>What depends only on the user (name, address, player, city) is computed once per user and
 * joined in; computing it per event in a LATERAL subquery, as before, cost DuckDB a self-join of
 * the whole range and a third more CPU (see docs/benchmarks.md). The primary key's index on
 * {@code id} is about half the CPU of the insert and half the file; building it after the insert
 * instead (ALTER TABLE … ADD PRIMARY KEY) was not cheaper.
 */
public final class DemoData {
    private static final String CITIES = """
            (VALUES (0,'Berlin','DE',52.52,13.405),(1,'Hamburg','DE',53.551,9.993),(2,'Munich','DE',48.137,11.575),
                    (3,'Paris','FR',48.857,2.352),(4,'Lyon','FR',45.764,4.836),(5,'London','GB',51.507,-0.128),
                    (6,'Manchester','GB',53.481,-2.242),(7,'New York','US',40.713,-74.006),(8,'Chicago','US',41.878,-87.63),
                    (9,'Los Angeles','US',34.052,-118.244),(10,'Austin','US',30.267,-97.743),(11,'Toronto','CA',43.653,-79.383),
                    (12,'Vancouver','CA',49.283,-123.121),(13,'Sydney','AU',-33.869,151.209),(14,'Melbourne','AU',-37.814,144.963),
                    (15,'Tokyo','JP',35.676,139.65),(16,'Osaka','JP',34.694,135.502),(17,'Madrid','ES',40.417,-3.704),
                    (18,'Barcelona','ES',41.385,2.173),(19,'Rome','IT',41.903,12.496),(20,'Milan','IT',45.464,9.19),
                    (21,'Amsterdam','NL',52.368,4.904),(22,'Stockholm','SE',59.329,18.069),(23,'Oslo','NO',59.914,10.752),
                    (24,'Vienna','AT',48.208,16.374),(25,'Zurich','CH',47.377,8.542),(26,'Warsaw','PL',52.23,21.012),
                    (27,'Sao Paulo','BR',-23.551,-46.633),(28,'Mexico City','MX',19.433,-99.133),(29,'Dublin','IE',53.35,-6.26))
              AS c(idx, city, country, lat, lon)""";

    private final Database database;

    public DemoData(Database database) {
        this.database = database;
    }

    /** Inserts {@code events} playbacks by {@code users} users; returns the total number of playbacks afterwards. */
    public long seed(long events, int users) {
        if (events < 0 || users < 1) {
            throw new IllegalArgumentException("events must be >= 0 and users >= 1");
        }
        // One transaction per chunk: DuckDB holds a transaction's new index entries in memory until it
        // commits, so 24 million events in one went past a 1 GiB DUCKDB_MEMORY_LIMIT ("failed to pin block").
        long total = 0;
        long done = 0;
        do {
            long n = Math.min(CHUNK, events - done);
            total = seedChunk(n, users);
            done += n;
        } while (done < events);
        return total;
    }

    /** Events per transaction: 6 million in one fit a 1 GiB limit here, 24 million did not. */
    static final long CHUNK = 4_000_000;

    private long seedChunk(long events, int users) {
        return database.write(c -> {
            long offset;
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT coalesce(max(CAST(substr(id, 6) AS BIGINT)) + 1, 0) FROM playback_events WHERE id LIKE 'demo-%'")) {
                r.next();
                offset = r.getLong(1);
            }
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO playback_events
                    WITH u AS (
                        SELECT r.uid, 'user' || r.uid AS username,
                               '198.' || (r.uid % 200) || '.' || ((r.uid * 7) % 250) || '.' || (1 + (r.uid * 13) % 250) AS ip,
                               ['Living Room','Bedroom','Office','Phone','Tablet'][1 + CAST(hash(r.uid) % 5 AS BIGINT)] AS player,
                               c.city, c.country, c.lat, c.lon
                        FROM range(1, ? + 1) r(uid)
                        JOIN """ + CITIES + """
                         ON c.idx = r.uid % 30)
                    SELECT 'demo-' || lpad(CAST(g.i + ? AS VARCHAR), 12, '0'),
                           g.uid,
                           u.username,
                           CASE WHEN g.i % 3 = 0 THEN 'Episode ' || (1 + g.i % 24) || ' of Series ' || (1 + hash(g.i) % 300)
                                WHEN g.i % 3 = 1 THEN 'Movie ' || (1 + hash(g.i + 1) % 2000)
                                ELSE 'Track ' || (1 + hash(g.i + 2) % 5000) END,
                           CASE g.i % 3 WHEN 0 THEN 'episode' WHEN 1 THEN 'movie' ELSE 'track' END,
                           g.start,
                           g.start + to_seconds(g.dur),
                           g.dur,
                           u.ip,
                           ['Roku','Android TV','Apple TV','Web','iOS','Android','Fire TV','Chromecast'][1 + CAST(hash(g.i + 3) % 8 AS BIGINT)],
                           u.player, u.city, u.country, u.lat, u.lon,
                           g.start + INTERVAL 5 MINUTE
                    FROM (SELECT i,
                                 1 + CAST(hash(i + 6) % ? AS BIGINT) AS uid,
                                 TIMESTAMPTZ '2025-11-26 00:00:00+00' + to_seconds(CAST(hash(i + 4) % 31536000 AS BIGINT)) AS start,
                                 CAST(300 + hash(i + 5) % 10500 AS INTEGER) AS dur
                          FROM range(?) t(i)) g
                    JOIN u ON u.uid = g.uid""")) {
                p.setLong(1, users);
                p.setLong(2, offset);
                p.setLong(3, users);
                p.setLong(4, events);
                p.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("""
                        INSERT OR REPLACE INTO users
                        SELECT user_id, any_value(username), min(started_at), max(stopped_at), count(*)
                        FROM playback_events GROUP BY user_id""");
                s.execute("""
                        INSERT OR REPLACE INTO geolocations
                        SELECT ip_address, any_value(city), any_value(country), any_value(latitude), any_value(longitude), now()
                        FROM playback_events WHERE ip_address IS NOT NULL GROUP BY ip_address""");
                s.execute("INSERT INTO sync_log VALUES (now(), " + events + ", " + events + ")");
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM playback_events")) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }
}
