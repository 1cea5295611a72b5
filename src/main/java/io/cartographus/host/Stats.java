package io.cartographus.host;

import io.cartographus.database.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The totals an operator checks after a restore ({@code GET /api/v1/stats}, docs/design.md §10), computed from DuckDB. */
public final class Stats {
    private final Database database;

    public Stats(Database database) {
        this.database = database;
    }

    public Map<String, Object> compute() {
        return database.read(c -> {
            Map<String, Object> out = new LinkedHashMap<>();
            try (Statement s = c.createStatement()) {
                try (ResultSet r = s.executeQuery("SELECT count(*), count(DISTINCT user_id), "
                        + "count(DISTINCT (city, country)) FILTER (WHERE city IS NOT NULL) FROM playback_events")) {
                    r.next();
                    out.put("total_playbacks", r.getLong(1));
                    out.put("unique_users", r.getLong(2));
                    out.put("unique_locations", r.getLong(3));
                }
                List<Map<String, Object>> top = new ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT country, count(*) AS n FROM playback_events WHERE country IS NOT NULL "
                        + "GROUP BY country ORDER BY n DESC, country LIMIT 10")) {
                    while (r.next()) {
                        top.add(Map.of("country", r.getString(1), "playbacks", r.getLong(2)));
                    }
                }
                out.put("top_countries", top);
                try (ResultSet r = s.executeQuery("SELECT max(synced_at) FROM sync_log")) {
                    r.next();
                    Timestamp t = r.getTimestamp(1);
                    out.put("last_sync_time", t == null ? null : t.toInstant().toString());
                }
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM users")) {
                    r.next();
                    out.put("total_users", r.getLong(1));
                }
            }
            out.put("database_size_bytes", size(database.file()) + size(database.walFile()));
            return out;
        });
    }

    private static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
