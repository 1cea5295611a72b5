package io.cartographus.archive;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.DiskFull;
import java.io.EOFException;
import java.io.IOException;
import java.util.Locale;

/** Turns an IOException into the engine's exception, choosing the kind the edges need. */
final class IoFailures {
    private IoFailures() {
    }

    /** A write failed: NO_SPACE when the disk is full (the operator can act on that), else INTERNAL. */
    static BackupException writing(String what, IOException e) {
        ErrorKind kind = DiskFull.causedBy(e) ? ErrorKind.NO_SPACE : ErrorKind.INTERNAL;
        return new BackupException(kind, what + ": " + describe(e), e);
    }

    /** Reading a source (not an archive) failed. */
    static BackupException reading(String what, IOException e) {
        return new BackupException(ErrorKind.INTERNAL, what + ": " + describe(e), e);
    }

    /** The archive's bytes could not be decoded; says "truncated" when that is what happened. */
    static BackupException corrupt(String what, IOException e) {
        String why = isTruncation(e) ? "the archive is truncated (" + describe(e) + ")"
                : "the archive is corrupt (" + describe(e) + ")";
        return new BackupException(ErrorKind.CORRUPT_ARCHIVE, what + ": " + why, e);
    }

    static boolean isTruncation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return true;
            }
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("truncated") || m.contains("unexpected end") || m.contains("premature end")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e instanceof EOFException ? "unexpected end of data" : e.getClass().getSimpleName();
        }
        return m;
    }
}
