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

    private static final java.time.format.DateTimeFormatter LOCAL =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** An ISO instant as local time with seconds and how long ago ("2026-03-01 14:05:09, 3 min ago"); "-" for none. */
    static String time(JsonNode iso) {
        if (iso == null || !iso.isTextual()) {
            return "-";
        }
        try {
            java.time.Instant t = java.time.Instant.parse(iso.asText());
            return LOCAL.format(t.atZone(java.time.ZoneId.systemDefault())) + ", " + ago(java.time.Duration.between(t, java.time.Instant.now()));
        } catch (java.time.format.DateTimeParseException e) {
            return iso.asText();
        }
    }

    /** Local time with seconds, for table columns. */
    static String localTime(JsonNode iso) {
        try {
            return LOCAL.format(java.time.Instant.parse(iso.asText()).atZone(java.time.ZoneId.systemDefault()));
        } catch (java.time.format.DateTimeParseException e) {
            return iso.asText("-");
        }
    }

    static String ago(java.time.Duration d) {
        boolean future = d.isNegative();
        long s = Math.abs(d.toSeconds());
        String span = s < 60 ? s + " s" : s < 3600 ? s / 60 + " min" : s < 172_800 ? s / 3600 + " h" : s / 86_400 + " days";
        return future ? "in " + span : span + " ago";
    }

    static String header() {
        return String.format(Locale.ROOT, "%-32s %-9s %-12s %-11s %-19s %10s  %s", "ID", "TYPE", "TRIGGER", "STATUS", "CREATED", "SIZE", "VERIFIED");
    }

    static String line(JsonNode b) {
        String verification = b.path("verification").isObject() ? b.path("verification").path("status").asText() : "-";
        return String.format(Locale.ROOT, "%-32s %-9s %-12s %-11s %-19s %10s  %s", b.path("id").asText(), b.path("type").asText(),
                b.path("trigger").asText(), b.path("status").asText(), localTime(b.path("created_at")),
                size(b.path("size_bytes").asLong()), verification)
                + (b.path("error").isTextual() ? "\n    error: " + b.path("error").asText() : "");
    }
}
