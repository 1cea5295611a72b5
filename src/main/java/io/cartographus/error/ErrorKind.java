package io.cartographus.error;

/**
 * What went wrong, in the terms each edge needs to decide: the one vocabulary of the program. Each
 * kind is the {@code error.code} of an API answer, and maps to one HTTP status (in
 * {@code api.ErrorResponses}) and one exit code (in {@code cli.ExitCodes}), both exhaustive switches,
 * so a new kind does not compile until both edges say what it means. The general kinds come first:
 * a status that only the web server itself produces is named after the first kind with that status.
 */
public enum ErrorKind {
    NOT_FOUND,
    BUSY,
    INVALID_REQUEST,
    UNAUTHORIZED,
    FORBIDDEN,
    PAYLOAD_TOO_LARGE,
    /** The backup or the request did not pass a check; nothing was changed. */
    VALIDATION_FAILED,
    CORRUPT_ARCHIVE,
    NO_SPACE,
    UNAVAILABLE,
    STORAGE_UNAVAILABLE,
    INTERNAL,
    /** An upload of a backup that is already in the catalog. */
    DUPLICATE,
    /** A known path with the wrong method. */
    METHOD_NOT_ALLOWED,
    /** A download range outside the archive. */
    RANGE_NOT_SATISFIABLE,
    /** The restored database failed its verification and the previous one was put back. */
    RESTORE_ROLLED_BACK,
    /** A restore that failed after it started changing things (what it left is in the answer). */
    RESTORE_FAILED,
    /** The HTTP layer gave up on a request body that did not arrive in time. */
    REQUEST_TIMEOUT,
    URI_TOO_LONG,
    UNSUPPORTED_MEDIA_TYPE,
    HEADERS_TOO_LARGE
}
