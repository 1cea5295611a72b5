package io.cartographus.error;

/** What went wrong, in the terms each edge (HTTP status, CLI exit code) needs to decide. */
public enum ErrorKind {
    NOT_FOUND,
    BUSY,
    INVALID_REQUEST,
    UNAUTHORIZED,
    FORBIDDEN,
    PAYLOAD_TOO_LARGE,
    VALIDATION_FAILED,
    CORRUPT_ARCHIVE,
    NO_SPACE,
    UNAVAILABLE,
    STORAGE_UNAVAILABLE,
    INTERNAL
}
