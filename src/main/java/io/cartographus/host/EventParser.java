package io.cartographus.host;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses a sync body (a JSON array, or NDJSON: one event per line) into events, checking every
 * field strictly: unknown fields, wrong types, out-of-range values and duplicate ids are refused
 * with a message naming the event's position and the field, so that nothing of a bad batch is written.
 */
public final class EventParser {
    public static final int MAX_EVENTS = 100_000;
    private static final Set<String> FIELDS = Set.of("id", "user_id", "username", "title", "media_type", "started_at",
            "stopped_at", "duration_s", "ip_address", "platform", "player", "city", "country", "latitude", "longitude");
    private static final Set<String> MEDIA_TYPES = Set.of("movie", "episode", "track", "live", "other");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final int MAX_TEXT = 1000;
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final ObjectMapper json;

    public EventParser(ObjectMapper json) {
        this.json = json;
    }

    /** @param ndjson true for application/x-ndjson bodies, false for a JSON array */
    public List<PlaybackEvent> parse(byte[] body, boolean ndjson) {
        List<JsonNode> nodes = ndjson ? ndjsonNodes(body) : arrayNodes(body);
        if (nodes.size() > MAX_EVENTS) {
            throw invalid("a batch holds at most " + MAX_EVENTS + " events, got " + nodes.size());
        }
        List<PlaybackEvent> events = new ArrayList<>(nodes.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            PlaybackEvent e = event(nodes.get(i), i);
            if (!ids.add(e.id())) {
                throw invalid(where(i) + ": duplicate id '" + e.id() + "' in the same batch");
            }
            events.add(e);
        }
        return events;
    }

    private List<JsonNode> arrayNodes(byte[] body) {
        JsonNode root;
        try {
            root = strict().readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw invalid("cannot read the body: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw invalid("body must be a JSON array of playback events (or NDJSON with Content-Type application/x-ndjson)");
        }
        List<JsonNode> out = new ArrayList<>();
        root.forEach(out::add);
        return out;
    }

    /** A key given twice in an event, or anything after the array, is refused rather than read one of two ways. */
    private ObjectReader strict() {
        return json.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    private List<JsonNode> ndjsonNodes(byte[] body) {
        String[] lines = utf8(body).split("\n", -1);
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            try (JsonParser p = json.createParser(line)) {
                p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
                JsonNode n = json.readTree(p);
                if (p.nextToken() != null) {
                    throw invalid("line " + (i + 1) + ": more than one JSON value on the line");
                }
                out.add(n);
            } catch (JsonProcessingException e) {
                throw invalid("line " + (i + 1) + ": not valid JSON: " + e.getOriginalMessage());
            } catch (java.io.IOException e) {
                throw invalid("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * The body as text, refusing bytes that are not UTF-8: {@code new String(bytes, UTF_8)} would turn
     * them into U+FFFD and store a username the media server never sent (a JSON array body is
     * already refused by Jackson's own decoder).
     */
    private static String utf8(byte[] body) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(body);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(body.length);
        java.nio.charset.CoderResult r = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                .decode(in, out, true);
        if (r.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                line += body[i] == '\n' ? 1 : 0;
            }
            throw invalid("line " + line + ": not valid UTF-8 (byte " + in.position() + " of the body)");
        }
        return out.flip().toString();
    }

    private PlaybackEvent event(JsonNode n, int i) {
        if (n == null || !n.isObject()) {
            throw invalid(where(i) + ": must be a JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw invalid(where(i) + ": unknown field '" + f + "'");
            }
        }
        String id = text(n, i, "id", true);
        if (id.isBlank() || id.length() > 200) {
            throw invalid(where(i) + ": field 'id' must be 1–200 characters");
        }
        long userId = integer(n, i, "user_id", true, 0, Long.MAX_VALUE);
        Instant started = timestamp(n, i, "started_at");
        Instant stopped = timestamp(n, i, "stopped_at");
        if (stopped.isBefore(started)) {
            throw invalid(where(i) + ": 'stopped_at' is before 'started_at'");
        }
        String mediaType = text(n, i, "media_type", false);
        if (mediaType != null && !MEDIA_TYPES.contains(mediaType)) {
            throw invalid(where(i) + ": field 'media_type' must be one of movie, episode, track, live, other");
        }
        String country = text(n, i, "country", false);
        if (country != null && !COUNTRY.matcher(country).matches()) {
            throw invalid(where(i) + ": field 'country' must be an ISO 3166 alpha-2 code such as DE");
        }
        Long duration = n.has("duration_s") && !n.get("duration_s").isNull()
                ? integer(n, i, "duration_s", false, 0, Integer.MAX_VALUE) : null;
        return new PlaybackEvent(id, userId, text(n, i, "username", false), text(n, i, "title", false), mediaType,
                started, stopped, duration == null ? null : duration.intValue(), text(n, i, "ip_address", false),
                text(n, i, "platform", false), text(n, i, "player", false), text(n, i, "city", false), country,
                decimal(n, i, "latitude", -90, 90), decimal(n, i, "longitude", -180, 180));
    }

    private static String text(JsonNode n, int i, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw invalid(where(i) + ": missing required field '" + field + "'");
            }
            return null;
        }
        if (v.getNodeType() != JsonNodeType.STRING) {
            throw invalid(where(i) + ": field '" + field + "' must be a string, got " + typeName(v));
        }
        if (v.textValue().length() > MAX_TEXT) {
            throw invalid(where(i) + ": field '" + field + "' is longer than " + MAX_TEXT + " characters");
        }
        return v.textValue();
    }

    private static long integer(JsonNode n, int i, String field, boolean required, long min, long max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw invalid(where(i) + ": missing required field '" + field + "'");
            }
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw invalid(where(i) + ": field '" + field + "' must be an integer, got " + typeName(v));
        }
        long x = v.longValue();
        if (x < min || x > max) {
            throw invalid(where(i) + ": field '" + field + "' must be between " + min + " and " + max + ", got " + x);
        }
        return x;
    }

    private static Double decimal(JsonNode n, int i, String field, double min, double max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw invalid(where(i) + ": field '" + field + "' must be a number, got " + typeName(v));
        }
        double x = v.doubleValue();
        if (!(x >= min && x <= max)) {
            throw invalid(where(i) + ": field '" + field + "' must be between " + (int) min + " and " + (int) max + ", got " + v);
        }
        return x;
    }

    private static Instant timestamp(JsonNode n, int i, String field) {
        String s = text(n, i, field, true);
        Instant t;
        try {
            t = OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(where(i) + ": field '" + field + "' must be an RFC 3339 timestamp such as 2026-03-01T20:00:00Z, got '"
                    + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'");
        }
        // JDBC's timestamps switch to the Julian calendar before 1582 (the stored day would shift), and
        // no media server has a playback from before the Unix epoch or after year 9999.
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw invalid(where(i) + ": field '" + field + "' must be between 1970-01-01 and 9999-12-31, got '" + s + "'");
        }
        return t;
    }

    private static String typeName(JsonNode v) {
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String where(int i) {
        return "event " + (i + 1);
    }

    private static BackupException invalid(String message) {
        return new BackupException(ErrorKind.INVALID_REQUEST, message);
    }
}
