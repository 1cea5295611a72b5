package io.cartographus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Text renderings of records for people at a terminal. */
final class Human {
    private Human() {
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String header() {
        return String.format(Locale.ROOT, "%-32s %-9s %-12s %-11s %-21s %10s  %s", "ID", "TYPE", "TRIGGER", "STATUS", "CREATED", "SIZE", "VERIFIED");
    }

    static String line(JsonNode b) {
        String verification = b.path("verification").isObject() ? b.path("verification").path("status").asText() : "-";
        return String.format(Locale.ROOT, "%-32s %-9s %-12s %-11s %-21s %10s  %s", b.path("id").asText(), b.path("type").asText(),
                b.path("trigger").asText(), b.path("status").asText(), b.path("created_at").asText(),
                size(b.path("size_bytes").asLong()), verification)
                + (b.path("error").isTextual() ? "\n    error: " + b.path("error").asText() : "");
    }
}
