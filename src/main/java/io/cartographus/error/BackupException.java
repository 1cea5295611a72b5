package io.cartographus.error;

/**
 * The one unchecked exception the engine throws. Its message is safe to show to an operator:
 * it says what was being done and to which file, never a secret.
 */
public final class BackupException extends RuntimeException {
    private final ErrorKind kind;
    private final String hint;

    public BackupException(ErrorKind kind, String message) {
        this(kind, message, null, null);
    }

    public BackupException(ErrorKind kind, String message, Throwable cause) {
        this(kind, message, null, cause);
    }

    public BackupException(ErrorKind kind, String message, String hint, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.hint = hint;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** An optional next step for the operator, or null. */
    public String hint() {
        return hint;
    }
}
