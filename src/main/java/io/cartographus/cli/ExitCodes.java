package io.cartographus.cli;

import io.cartographus.error.ErrorKind;

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

    static int of(ErrorKind kind) {
        return switch (kind) {
            case NOT_FOUND -> NOT_FOUND;
            case BUSY -> BUSY;
            case INVALID_REQUEST, VALIDATION_FAILED, CORRUPT_ARCHIVE, PAYLOAD_TOO_LARGE -> INVALID;
            case UNAUTHORIZED, FORBIDDEN -> AUTH;
            case NO_SPACE -> NO_SPACE;
            case UNAVAILABLE, STORAGE_UNAVAILABLE -> UNAVAILABLE;
            case INTERNAL -> FAILURE;
        };
    }

    static int ofHttp(int status) {
        return switch (status) {
            case 400, 413, 422 -> INVALID;
            case 401, 403 -> AUTH;
            case 404 -> NOT_FOUND;
            case 409 -> BUSY;
            case 503 -> UNAVAILABLE;
            case 507 -> NO_SPACE;
            default -> status >= 200 && status < 300 ? OK : FAILURE;
        };
    }
}
