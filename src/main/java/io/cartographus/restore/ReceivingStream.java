package io.cartographus.restore;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.DiskFull;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An upload as it arrives: every byte read from the client is also written to the file (read it
 * through a {@link io.cartographus.archive.HashingInputStream} for the checksum), so the archive is
 * surveyed, stored and checksummed in one pass and never held in memory. Skipping reads, so skipped
 * bytes are stored too. Writing stops with NO_SPACE before the disk is full. Write failures are
 * thrown unchecked, so that the archive reader above, which reports its own IOExceptions as a
 * corrupt archive, lets them through. Closing it closes nothing: the caller owns source and file.
 */
final class ReceivingStream extends InputStream {
    private static final long SPACE_CHECK_EVERY = 64L << 20;

    private final InputStream source;
    private final OutputStream file;
    private final Path dir;
    private final long reserve;
    private long count;
    private long nextSpaceCheck = SPACE_CHECK_EVERY;

    ReceivingStream(InputStream source, OutputStream file, Path dir, long reserve) {
        this.source = source;
        this.file = file;
        this.dir = dir;
        this.reserve = reserve;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = source.read(b, off, len);
        if (n > 0) {
            store(b, off, n);
        }
        return n;
    }

    private void store(byte[] b, int off, int n) {
        try {
            file.write(b, off, n);
        } catch (IOException e) {
            if (DiskFull.causedBy(e)) {
                throw noSpace(e);
            }
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot store the upload in " + dir + ": " + e.getMessage(), e);
        }
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
