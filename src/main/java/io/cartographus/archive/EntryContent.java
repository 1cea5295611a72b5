package io.cartographus.archive;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The content of one entry as handed to an {@link ArchiveReader.EntryHandler}: hashed and counted
 * as it is read, stopped at the size limits, and never closing the archive underneath. Whatever
 * the handler leaves unread is drained afterwards so that every entry gets its hash. Read errors
 * surface as {@link BackupException} (CORRUPT_ARCHIVE), so that an IOException escaping a handler
 * is known to be the handler's own (a full disk, say).
 */
final class EntryContent extends InputStream {
    private static final int TRANSFER_BUFFER = 1024 * 1024;
    private final HashingInputStream in;
    private final String quoted;
    private final long maxEntryBytes;
    private final long maxMore;
    private final long maxTotalBytes;

    /**
     * @param totalSoFar bytes of the earlier entries, counted against {@code limits.maxTotalBytes()}
     */
    EntryContent(InputStream tar, String quoted, ArchiveReader.Limits limits, long totalSoFar) {
        this.in = new HashingInputStream(tar);
        this.quoted = quoted;
        this.maxEntryBytes = limits.maxEntryBytes();
        this.maxTotalBytes = limits.maxTotalBytes();
        this.maxMore = limits.maxTotalBytes() - totalSoFar;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            throw IoFailures.corrupt("reading archive entry " + quoted, e);
        }
        if (in.count() > maxEntryBytes) {
            throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "archive entry " + quoted
                    + " expands to more than the limit of " + maxEntryBytes + " bytes");
        }
        if (in.count() > maxMore) {
            throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "archive entry " + quoted
                    + " takes the archive's content beyond the limit of " + maxTotalBytes + " bytes");
        }
        return n;
    }

    @Override
    public long skip(long n) {
        byte[] buffer = new byte[(int) Math.min(Math.max(n, 1), 64 * 1024)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    /**
     * Copies the rest of the entry in 1 MiB reads. The JDK's default reads 8 KiB at a time, and every
     * read goes through the hash, tar and the decompressor; restoring a database this way took a
     * quarter more CPU (see docs/benchmarks.md).
     */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        byte[] buffer = new byte[TRANSFER_BUFFER];
        long copied = 0;
        int n;
        while ((n = read(buffer, 0, buffer.length)) >= 0) {
            out.write(buffer, 0, n);
            copied += n;
        }
        return copied;
    }

    /** Closing is the archive's business, not the handler's. */
    @Override
    public void close() {
        // intentionally empty
    }

    void drain() {
        skip(Long.MAX_VALUE);
    }

    long count() {
        return in.count();
    }

    String sha256Hex() {
        return in.sha256Hex();
    }
}
