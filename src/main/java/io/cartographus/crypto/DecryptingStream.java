package io.cartographus.crypto;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The plaintext of an encrypted archive. Tink reports both a failed authentication and a failed
 * read of the file as an {@link IOException}; this stream tells them apart: an I/O error of the
 * source passes through unchanged, a failed authentication becomes a {@link BackupException}
 * ({@link ErrorKind#CORRUPT_ARCHIVE}) saying which segment and which bytes of the file.
 *
 * <p>{@link #close()} reads and authenticates whatever the caller left unread. A tar or zstd reader
 * may stop at its own end marker, and the bytes after it (including the final segment's tag) would
 * otherwise never be checked, so a modified tail would go unnoticed.
 */
final class DecryptingStream extends InputStream {
    private final InputStream plaintext;
    private final Source source;
    private final String archiveName;
    private final SegmentLayout layout;
    private boolean ended;
    private BackupException failure;

    DecryptingStream(InputStream plaintext, Source source, String archiveName, SegmentLayout layout) {
        this.plaintext = plaintext;
        this.source = source;
        this.archiveName = archiveName;
        this.layout = layout;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == 1 ? one[0] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (len == 0) {
            return 0;
        }
        int n;
        try {
            n = plaintext.read(b, off, len);
        } catch (IOException e) {
            if (source.failure == e) {
                throw e;
            }
            failure = authenticationFailed(e);
            throw failure;
        }
        if (n < 0) {
            ended = true;
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return failure == null ? plaintext.available() : 0;
    }

    @Override
    public void close() throws IOException {
        try {
            // After an I/O error Tink's position is undefined; reading on would only add noise.
            if (failure == null && !ended && source.failure == null) {
                byte[] discard = new byte[64 * 1024];
                while (read(discard, 0, discard.length) >= 0) {
                    // Reading is what authenticates.
                }
            }
        } finally {
            plaintext.close();
        }
    }

    private BackupException authenticationFailed(IOException e) {
        long segment = layout.segmentAt(source.consumed, source.atEnd);
        return new BackupException(ErrorKind.CORRUPT_ARCHIVE, "cannot decrypt " + archiveName
                + ": authentication failed in encrypted segment " + segment + " (file bytes "
                + layout.firstByte(segment) + ".." + layout.lastByte(segment, source.consumed, source.atEnd)
                + "): the archive was modified, truncated or damaged after it was written", e);
    }

    /**
     * The ciphertext after our header. Counts what Tink consumed, to name the failed segment,
     * and remembers its own I/O error so that it is not mistaken for tampering.
     */
    static final class Source extends FilterInputStream {
        private IOException failure;
        private long consumed;
        private boolean atEnd;

        Source(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                int b = in.read();
                consumed += b < 0 ? 0 : 1;
                atEnd |= b < 0;
                return b;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                consumed += Math.max(n, 0);
                atEnd |= n < 0;
                return n;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }
}
