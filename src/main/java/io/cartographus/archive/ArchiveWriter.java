package io.cartographus.archive;

import io.cartographus.config.Compression;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a tar archive, compressed as asked, into a sink the caller owns: entries go in one at a
 * time, each hashed (SHA-256) as it passes. {@link #finish()} writes the tar and compressor
 * trailers but leaves the sink open; {@link #close()} frees the compressor's threads and native
 * memory, also after a failure, without touching the sink.
 *
 * <p>Entries are POSIX tar (PAX headers for names over 100 characters and sizes over 8 GiB), mode
 * 0640, owner and group 0 named {@code cartographus}, modified "now" to the second (a sub-second
 * time would cost a PAX header per entry). Any failure leaves the writer failed: the partial
 * archive must be thrown away, and only {@code close()} is allowed afterwards.
 */
public final class ArchiveWriter implements Closeable {
    private static final int COPY_BUFFER = 1024 * 1024;
    private static final String OWNER = "cartographus";
    private static final int FILE_MODE = 0100640;

    private enum State { OPEN, FINISHED, FAILED, CLOSED }

    private final SinkGuard guard;
    private final OutputStream compressor;
    private final TarArchiveOutputStream tar;
    private final EntryNames names = new EntryNames();
    private final byte[] buffer = new byte[COPY_BUFFER];
    private State state = State.OPEN;

    /**
     * @param level   1-9 (ignored for {@link Compression#NONE}); zstd levels are used as they are
     * @param threads compression threads for gzip and zstd, at least 1
     */
    public ArchiveWriter(OutputStream sink, Compression compression, int level, int threads) {
        if (compression != Compression.NONE && (level < 1 || level > 9)) {
            throw new IllegalArgumentException("compression level must be 1-9, got " + level);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("compression threads must be at least 1, got " + threads);
        }
        this.guard = new SinkGuard(sink);
        try {
            this.compressor = switch (compression) {
                case NONE -> guard;
                case GZIP -> new ParallelGzipOutputStream(guard, level, threads);
                case ZSTD -> zstd(guard, level, threads);
            };
        } catch (IOException e) {
            throw IoFailures.writing("starting the " + compression.label() + " archive stream", e);
        }
        this.tar = new TarArchiveOutputStream(compressor, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    private static OutputStream zstd(OutputStream sink, int level, int threads) throws IOException {
        ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(sink, level);
        try {
            z.setChecksum(true);
            z.setWorkers(threads);
        } catch (IOException e) {
            z.close();
            throw e;
        }
        // tar writes 512-byte headers and 10 KiB records: batch them into fewer native calls.
        return new BufferedOutputStream(z, 256 * 1024);
    }

    /** Adds exactly {@code length} bytes read from {@code in} (which stays open) under {@code name}. */
    public EntryResult addStream(String name, InputStream in, long length) {
        return add(name, in, length, "the source stream");
    }

    /**
     * Adds the first {@code length} bytes of {@code file}. The file may keep growing while it is
     * copied (a live database): nothing beyond {@code length} is read. If it has fewer bytes, the
     * writer fails.
     */
    public EntryResult addFile(String name, Path file, long length) {
        ensureOpen();
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw IoFailures.reading("opening " + file + " for archive entry " + EntryNames.quote(name), e);
        }
        try (in) {
            return add(name, in, length, file.toString());
        } catch (IOException e) {
            throw IoFailures.reading("closing " + file, e);
        }
    }

    public EntryResult addBytes(String name, byte[] content) {
        return add(name, new ByteArrayInputStream(content), content.length, "the in-memory content");
    }

    private EntryResult add(String name, InputStream in, long length, String source) {
        ensureOpen();
        String problem = EntryNames.problem(name);
        if (problem == null) {
            problem = names.claim(name, false);
        }
        if (problem != null) {
            throw new IllegalArgumentException("archive entry " + EntryNames.quote(name) + ": " + problem);
        }
        if (length < 0) {
            throw new IllegalArgumentException("archive entry " + EntryNames.quote(name) + ": negative length " + length);
        }
        String quoted = EntryNames.quote(name);
        boolean ok = false;
        try {
            tar.putArchiveEntry(entry(name, length));
            HashingOutputStream hashing = new HashingOutputStream(tar);
            long copied = 0;
            while (copied < length) {
                int n = read(in, (int) Math.min(buffer.length, length - copied), source, quoted);
                if (n < 0) {
                    throw new BackupException(ErrorKind.INTERNAL, "archiving " + source + " as entry " + quoted
                            + ": it ended after " + copied + " of " + length + " bytes");
                }
                hashing.write(buffer, 0, n);
                copied += n;
            }
            tar.closeArchiveEntry();
            ok = true;
            return new EntryResult(name, length, hashing.sha256Hex());
        } catch (IOException e) {
            throw IoFailures.writing("writing archive entry " + quoted, e);
        } finally {
            if (!ok) {
                state = State.FAILED;
            }
        }
    }

    private int read(InputStream in, int max, String source, String quoted) {
        try {
            return in.read(buffer, 0, max);
        } catch (IOException e) {
            throw IoFailures.reading("reading " + source + " for archive entry " + quoted, e);
        }
    }

    private static TarArchiveEntry entry(String name, long length) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(FILE_MODE);
        e.setSize(length);
        e.setModTime(FileTime.from(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        e.setIds(0, 0);
        e.setNames(OWNER, OWNER);
        return e;
    }

    /** Writes the tar end-of-archive records and the compressor's trailer; the sink stays open. */
    public void finish() {
        ensureOpen();
        try {
            tar.finish();
            // Closing the chain ends the compressed stream; the guard keeps the sink open.
            tar.close();
            state = State.FINISHED;
        } catch (IOException e) {
            state = State.FAILED;
            throw IoFailures.writing("finishing the archive", e);
        }
    }

    /**
     * Frees threads and native memory. Without a successful {@link #finish()} the archive is
     * abandoned: nothing more reaches the sink.
     */
    @Override
    public void close() {
        if (state == State.FINISHED || state == State.CLOSED) {
            state = State.CLOSED;
            return;
        }
        state = State.CLOSED;
        guard.detach();
        try {
            compressor.close();
        } catch (IOException e) {
            // The archive is being abandoned and the sink is detached: a failure to end the
            // compressed stream changes nothing the caller could act on.
        }
    }

    private void ensureOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("archive writer is " + state.name().toLowerCase(Locale.ROOT));
        }
    }
}
