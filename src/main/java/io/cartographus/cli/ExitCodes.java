package io.cartographus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.error.ErrorKind;
import java.util.Arrays;

/** Exit codes, documented in the README. One mapping from engine errors, here. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    /** The backup is invalid, a restore was refused or rolled back, or the input is malformed. */
    public static final int INVALID = 3;
    public static final int NOT_FOUND = 4;
    public static final int AUTH = 5;
    /** Another backup or restore is running, or a server holds the data directory. */
    public static final int BUSY = 11;
    public static final int UNAVAILABLE = 12;
    public static final int NO_SPACE = 13;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    /** The one mapping from the error vocabulary to exit codes (README "Exit codes"). */
    static int of(ErrorKind kind) {
        return switch (kind) {
            case NOT_FOUND -> NOT_FOUND;
            case BUSY -> BUSY;
            case INVALID_REQUEST, VALIDATION_FAILED, CORRUPT_ARCHIVE, PAYLOAD_TOO_LARGE, DUPLICATE, RESTORE_ROLLED_BACK,
                    METHOD_NOT_ALLOWED, RANGE_NOT_SATISFIABLE, URI_TOO_LONG, UNSUPPORTED_MEDIA_TYPE, HEADERS_TOO_LARGE -> INVALID;
            case UNAUTHORIZED, FORBIDDEN -> AUTH;
            case NO_SPACE -> NO_SPACE;
            case UNAVAILABLE, STORAGE_UNAVAILABLE, REQUEST_TIMEOUT -> UNAVAILABLE;
            case INTERNAL, RESTORE_FAILED -> FAILURE;
        };
    }

    /**
     * The exit code of a server's refusal: its {@code error.code} is a kind of the same vocabulary, so
     * the CLI exits as it would have offline. No status is reinterpreted here; an answer without our
     * code (a proxy in between) is a plain failure, and no answer at all means the server is unavailable.
     */
    static int ofServer(int status, JsonNode body) {
        if (status == 0) {
            return UNAVAILABLE;
        }
        String code = body == null ? "" : body.path("error").path("code").asText("");
        return Arrays.stream(ErrorKind.values()).filter(k -> k.name().equals(code)).findFirst()
                .map(ExitCodes::of).orElse(FAILURE);
    }
}
