package io.cartographus.restore;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An upload as it arrives: every byte read from the client is also written to the file and hashed,
 * so the archive is surveyed, stored and checksummed in one pass and never held in memory. Writing
 * stops with NO_SPACE before the disk is full. Write failures are thrown unchecked, so that the
 * archive reader above, which reports its own IOExceptions as a corrupt archive, lets them through.
 */
final class ReceivingStream extends FilterInputStream {
    private static final long SPACE_CHECK_EVERY = 64L << 20;

    private final OutputStream file;
    private final Path dir;
    private final long reserve;
    private final MessageDigest digest;
    private long count;
    private long nextSpaceCheck = SPACE_CHECK_EVERY;

    ReceivingStream(InputStream source, OutputStream file, Path dir, long reserve) {
        super(source);
        this.file = file;
        this.dir = dir;
        this.reserve = reserve;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            store(b, off, n);
        }
        return n;
    }

    /** Reads by reading, so that skipped bytes are stored and hashed too. */
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

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Receives whatever follows the archive's end (padding), so the file and its hash hold every byte sent. */
    void drain() throws IOException {
        byte[] buffer = new byte[1 << 16];
        while (read(buffer, 0, buffer.length) >= 0) {
            // stored by read
        }
    }

    long count() {
        return count;
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void close() {
        // The caller owns both the source and the file.
    }

    private void store(byte[] b, int off, int n) {
        try {
            file.write(b, off, n);
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("No space left") || m.contains("Disk quota")) {
                throw noSpace(e);
            }
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot store the upload in " + dir + ": " + m, e);
        }
        digest.update(b, off, n);
        count += n;
        if (count >= nextSpaceCheck) {
            nextSpaceCheck = count + SPACE_CHECK_EVERY;
            try {
                if (Files.getFileStore(dir).getUsableSpace() < reserve) {
                    throw noSpace(null);
                }
            } catch (IOException e) {
                throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot check free space in " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private BackupException noSpace(IOException cause) {
        return new BackupException(ErrorKind.NO_SPACE, "the upload does not fit in " + dir + " (" + (count >> 20)
                + " MiB received; " + (reserve >> 20) + " MiB are kept free)", "free space in BACKUP_DIR or reduce retention", cause);
    }
}
