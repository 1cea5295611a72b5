package io.cartographus.api;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Engine errors become {@code {"error":{"code","message","hint"}}} with the matching status, in one place. */
final class ErrorResponses {
    private ErrorResponses() {
    }

    static int status(ErrorKind kind) {
        return switch (kind) {
            case NOT_FOUND -> 404;
            case BUSY -> 409;
            case INVALID_REQUEST -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case PAYLOAD_TOO_LARGE -> 413;
            case VALIDATION_FAILED, CORRUPT_ARCHIVE -> 422;
            case NO_SPACE -> 507;
            case UNAVAILABLE, STORAGE_UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }

    static Map<String, Object> body(String code, String message, String hint) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("message", message);
        if (hint != null) {
            e.put("hint", hint);
        }
        return Map.of("error", e);
    }

    static void write(Context ctx, BackupException e, Json json) {
        int status = status(e.kind());
        if (status == 503) {
            ctx.header("Retry-After", "5");
        }
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        json.write(ctx, status, body(e.kind().name(), e.getMessage(), e.hint()));
    }
}
