package io.cartographus.host;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which playback events a deletion removes: every given filter must match (AND). At least one is
 * required, so that an empty request can never mean "everything".
 *
 * @param before events that started strictly before this instant
 * @param after events that started at or after this instant
 */
public record PlaybackFilter(Long userId, Instant before, Instant after, String mediaType) {
    public static final List<String> NAMES = List.of("user_id", "before", "after", "media_type");
    private static final Pattern MEDIA_TYPE = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    /**
     * Reads the query parameters of {@code DELETE /api/v1/playbacks}; a missing, unknown, repeated
     * or malformed filter is refused with a message naming it.
     *
     * @param query parameter name to all the values given for it
     */
    public static PlaybackFilter parse(Map<String, List<String>> query) {
        for (String name : query.keySet()) {
            if (!NAMES.contains(name)) {
                throw invalid("unknown filter '" + name + "'; accepted: " + String.join(", ", NAMES));
            }
            if (query.get(name).size() != 1) {
                throw invalid("filter " + name + " is given " + query.get(name).size() + " times; give it once");
            }
        }
        if (query.isEmpty()) {
            throw invalid("give at least one filter (" + String.join(", ", NAMES) + "): deleting every playback is not offered");
        }
        Long user = query.containsKey("user_id") ? userId(query.get("user_id").get(0)) : null;
        Instant before = query.containsKey("before") ? instant("before", query.get("before").get(0)) : null;
        Instant after = query.containsKey("after") ? instant("after", query.get("after").get(0)) : null;
        String media = query.containsKey("media_type") ? mediaType(query.get("media_type").get(0)) : null;
        if (before != null && after != null && !after.isBefore(before)) {
            throw invalid("after (" + after + ") must be earlier than before (" + before + "): no event can match both");
        }
        return new PlaybackFilter(user, before, after, media);
    }

    /** A user id as the sync accepts it: a non-negative 64-bit integer. */
    public static long userId(String text) {
        try {
            long id = Long.parseLong(text.strip());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // Falls through to the one message below.
        }
        throw invalid("user_id must be a non-negative integer, got '" + text + "'");
    }

    /** An RFC 3339 timestamp with an offset, such as 2026-01-15T10:00:00Z. */
    public static Instant instant(String name, String text) {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(name + " must be an RFC 3339 timestamp with an offset such as 2026-01-15T10:00:00Z, got '" + text + "'");
        }
    }

    private static String mediaType(String text) {
        if (!MEDIA_TYPE.matcher(text).matches()) {
            throw invalid("media_type must be 1 to 32 characters A-Z a-z 0-9 . _ - (such as movie or episode), got '" + text + "'");
        }
        return text;
    }

    /** The WHERE clause, with one {@code ?} per given filter in {@link #parameters()} order. */
    String where() {
        List<String> parts = new ArrayList<>();
        if (userId != null) {
            parts.add("user_id = ?");
        }
        if (before != null) {
            parts.add("started_at < ?");
        }
        if (after != null) {
            parts.add("started_at >= ?");
        }
        if (mediaType != null) {
            parts.add("media_type = ?");
        }
        return String.join(" AND ", parts);
    }

    List<Object> parameters() {
        List<Object> p = new ArrayList<>();
        if (userId != null) {
            p.add(userId);
        }
        if (before != null) {
            p.add(java.sql.Timestamp.from(before));
        }
        if (after != null) {
            p.add(java.sql.Timestamp.from(after));
        }
        if (mediaType != null) {
            p.add(mediaType);
        }
        return p;
    }

    /** The given filters, for the log line and the response. */
    public Map<String, String> described() {
        Map<String, String> m = new LinkedHashMap<>();
        if (userId != null) {
            m.put("user_id", userId.toString());
        }
        if (before != null) {
            m.put("before", before.toString());
        }
        if (after != null) {
            m.put("after", after.toString());
        }
        if (mediaType != null) {
            m.put("media_type", mediaType);
        }
        return m;
    }

    private static BackupException invalid(String message) {
        return new BackupException(ErrorKind.INVALID_REQUEST, message);
    }
}
