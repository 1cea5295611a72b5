package io.cartographus.api;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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
            case INTERNAL, RESTORE_ROLLED_BACK, RESTORE_FAILED -> 500;
            case DUPLICATE -> 409;
            case METHOD_NOT_ALLOWED -> 405;
            case RANGE_NOT_SATISFIABLE -> 416;
            case REQUEST_TIMEOUT -> 408;
            case URI_TOO_LONG -> 414;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case HEADERS_TOO_LARGE -> 431;
        };
    }

    /** The kind a bare status stands for (the first declared with it), for answers the web server makes itself. */
    static Optional<ErrorKind> kindOf(int status) {
        return Arrays.stream(ErrorKind.values()).filter(k -> status(k) == status).findFirst();
    }

    static Map<String, Object> body(ErrorKind kind, String message, String hint) {
        return body(kind.name(), message, hint);
    }

    /** For a status no kind has (a proxy's or Jetty's): {@code HTTP_<status>}. */
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
        json.write(ctx, status, body(e.kind(), e.getMessage(), e.hint()));
    }
}
