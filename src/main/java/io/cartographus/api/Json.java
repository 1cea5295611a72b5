package io.cartographus.api;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Set;

/** JSON in and out, with the body limits and strict field checks the API promises. */
final class Json {
    static final int MAX_SMALL_BODY = 64 * 1024;

    private final ObjectMapper mapper;

    Json(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    void write(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(mapper.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new BackupException(ErrorKind.INTERNAL, "cannot serialize the response", e);
        }
    }

    /** Reads at most {@code max} bytes of body; more is a 413. */
    static byte[] body(Context ctx, long max) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw tooLarge(max);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (b.length > max) {
                throw tooLarge(max);
            }
            return b;
        } catch (IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.util.concurrent.TimeoutException) {
                    // The body stopped for the idle timeout, or trickled in (SlowBodyCutoff): 408, not the client's syntax.
                    throw new org.eclipse.jetty.http.HttpException.RuntimeException(408, "the request body came too slowly: " + t.getMessage(), e);
                }
            }
            throw new BackupException(ErrorKind.INVALID_REQUEST, "cannot read the request body: " + e.getMessage(), e);
        }
    }

    private static BackupException tooLarge(long max) {
        return new BackupException(ErrorKind.PAYLOAD_TOO_LARGE, "request body larger than " + max + " bytes");
    }

    /**
     * A small JSON object body; an empty body is an empty object. Unknown fields are refused, naming
     * them and listing the accepted ones, and so is a field whose value is null (every route's body
     * goes through here, so no option can be nulled into its default).
     */
    JsonNode object(Context ctx, Set<String> allowed) {
        byte[] raw = body(ctx, MAX_SMALL_BODY);
        if (raw.length == 0 || new String(raw, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return mapper.createObjectNode();
        }
        requireJsonContentType(ctx);
        JsonNode n;
        try {
            n = strict().readTree(raw);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (n == null || !n.isObject()) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "body must be a JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new BackupException(ErrorKind.INVALID_REQUEST, "unknown field '" + f + "'; accepted: " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
            if (n.get(f).isNull()) {
                // null is not "the default": {"validate_only": null} restoring for real is what this prevents.
                throw new BackupException(ErrorKind.INVALID_REQUEST, "field '" + f + "' is null: give a value, or leave the field out for its default");
            }
        }
        return n;
    }

    /**
     * The reader for request bodies: a key given twice or anything after the value is an error, not
     * "the last one wins" or "ignored" — a body that two parsers could read differently is refused.
     */
    ObjectReader strict() {
        return mapper.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * JSON bodies come as application/json, or with no type at all, or as curl -d sends them
     * (application/x-www-form-urlencoded, as in the guide's examples); XML, plain text, multipart and
     * the like are refused rather than guessed at.
     */
    private static void requireJsonContentType(Context ctx) {
        String ct = ctx.contentType();
        String base = ct == null ? "" : ct.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (!base.isEmpty() && !base.equals("application/json") && !base.equals("application/x-www-form-urlencoded")) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "unsupported Content-Type " + base + ": send a JSON object as application/json");
        }
    }

    /** The field's value, or null when it is absent; a JSON null is a wrong type like any other. */
    static Boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "field '" + field + "' must be true or false, got " + v);
        }
        return v.booleanValue();
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "field '" + field + "' must be a string, got " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return v.textValue();
    }
}
