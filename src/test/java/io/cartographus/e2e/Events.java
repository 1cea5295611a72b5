package io.cartographus.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Playback events as a media server would sync them. */
final class Events {
    private Events() {
    }

    static List<Map<String, Object>> batch(int n, int start) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = start; i < start + n; i++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", String.format("evt-%08d", i));
            e.put("user_id", 1 + i % 7);
            e.put("username", "user" + i % 7);
            e.put("title", "Movie " + i % 50);
            e.put("media_type", "movie");
            e.put("started_at", "2026-03-01T20:00:00Z");
            e.put("stopped_at", "2026-03-01T21:30:00Z");
            e.put("duration_s", 5400);
            e.put("ip_address", "203.0.113." + i % 200);
            e.put("platform", "Roku");
            e.put("player", "Living Room");
            e.put("city", i % 2 == 0 ? "Berlin" : "Paris");
            e.put("country", i % 2 == 0 ? "DE" : "FR");
            e.put("latitude", 52.52);
            e.put("longitude", 13.405);
            out.add(e);
        }
        return out;
    }
}
