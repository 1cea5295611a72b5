package io.cartographus.fs;

/**
 * Tells a full disk from other I/O failures. Java reports ENOSPC and EDQUOT only as the text of an
 * IOException, sometimes wrapped, so the whole cause chain is searched. Callers turn a match into
 * NO_SPACE, the one storage failure an operator can fix by freeing space.
 */
public final class DiskFull {
    private DiskFull() {
    }

    /** Whether {@code e} or one of its causes says the disk (or the quota) is full. */
    public static boolean causedBy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }
}
