package io.cartographus.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Computes the SHA-256 and the count of every byte read through it. Skipping reads (and hashes)
 * the skipped bytes, so the hash always covers the whole stream up to the current position.
 * Mark and reset are not supported: they would hash bytes twice.
 */
public final class HashingInputStream extends FilterInputStream {
    private final MessageDigest digest = HashingOutputStream.sha256();
    private long count;

    public HashingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            digest.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
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

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported: see class comment
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported by a hashing stream");
    }

    /** Bytes read (or skipped) so far. */
    public long count() {
        return count;
    }

    /** Lowercase hex SHA-256 of everything read; call once, after the last read. */
    public String sha256Hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
