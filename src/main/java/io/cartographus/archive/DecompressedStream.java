package io.cartographus.archive;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Sits between the decompressor and the tar parser, and is where hostile input is contained:
 * <ul>
 *   <li>counts the decompressed bytes and stops at a cap (the decompression-bomb guard: it counts
 *       what actually comes out, whatever the headers claim);</li>
 *   <li>turns the decompressor's IOExceptions (bad CRC, bad checksum, premature end) into
 *       CORRUPT_ARCHIVE, naming where in the archive it happened;</li>
 *   <li>while the tar parser looks for the next header, bounds how much it may read (PAX and GNU
 *       long-name records are buffered in memory by the parser) and watches for the all-zero
 *       end-of-archive record, because the parser treats a plain end of stream as a normal end.</li>
 * </ul>
 */
final class DecompressedStream extends FilterInputStream {
    /** Our own headers are under 2 KiB; a megabyte of them is an attack, not an archive. */
    static final int HEADER_BUDGET = 1024 * 1024;
    /**
     * What may follow the tar end marker: tar pads to its blocking factor (10 KiB by default, 1 MiB
     * at the most unusual settings). More than this is not padding, and reading it could go on forever.
     */
    static final int TAIL_LIMIT = 4 * 1024 * 1024;
    private static final int RECORD = 512;

    private final long cap;
    private long count;
    private String position = "reading the start of the archive";
    private boolean inHeaders;
    private long headerBytes;
    private long expectedZeros;
    private boolean nonZeroInMarker;

    DecompressedStream(InputStream in, long cap) {
        super(in);
        this.cap = cap;
    }

    /** What is being read, for messages: e.g. "reading archive entry 'x'". */
    void position(String what) {
        this.position = what;
    }

    /**
     * The tar parser is about to look for the next header after an entry of {@code previousSize}
     * bytes: its padding plus a zero record would be an end-of-archive marker.
     */
    void startHeaders(long previousSize) {
        inHeaders = true;
        headerBytes = 0;
        nonZeroInMarker = false;
        expectedZeros = (RECORD - previousSize % RECORD) % RECORD + RECORD;
    }

    /** Whether the bytes read since {@link #startHeaders} began with a complete end-of-archive record. */
    boolean sawEndMarker() {
        return headerBytes >= expectedZeros && !nonZeroInMarker;
    }

    void endHeaders() {
        inHeaders = false;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            throw IoFailures.corrupt(position, e);
        }
        if (n <= 0) {
            return n;
        }
        count += n;
        if (count > cap) {
            throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, position + ": the archive expands to more than "
                    + cap + " bytes, beyond its size limit plus room for headers (a decompression bomb,"
                    + " or not one of our archives)");
        }
        if (inHeaders) {
            watchHeaders(b, off, n);
        }
        return n;
    }

    private void watchHeaders(byte[] b, int off, int n) {
        for (int i = 0; i < n && headerBytes + i < expectedZeros; i++) {
            if (b[off + i] != 0) {
                nonZeroInMarker = true;
                break;
            }
        }
        headerBytes += n;
        if (headerBytes > HEADER_BUDGET) {
            throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, position
                    + ": more than " + HEADER_BUDGET + " bytes of tar headers in a row");
        }
    }

    /** Skips by reading, so that skipped bytes are counted and verified by the decompressor. */
    @Override
    public long skip(long n) throws IOException {
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
     * Reads what follows the tar end marker to the end, so that the compressed stream's own
     * checksum is verified; the bytes themselves are ignored.
     */
    void drainTail() throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long tail = 0;
        int n;
        while ((n = read(buffer, 0, buffer.length)) >= 0) {
            tail += n;
            if (tail > TAIL_LIMIT) {
                throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, position + ": more than " + TAIL_LIMIT
                        + " bytes follow the end of the tar archive");
            }
        }
    }

    @Override
    public int available() {
        return 0;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
