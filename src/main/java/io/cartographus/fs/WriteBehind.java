package io.cartographus.fs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The stream of a file being written that has the kernel write it to disk as it goes: every
 * {@code interval} bytes it starts an fdatasync on a helper thread (one at a time), so that the
 * final fsync in {@link #sync()} finds little left to do. Without it Linux keeps up to a tenth of
 * memory dirty before writing back, and a backup of a 1 GB database went to disk only in the
 * final fsync, after compression had finished, instead of while it ran (see docs/benchmarks.md).
 *
 * <p>An error of a background flush is kept and thrown by {@link #sync()}: the kernel reports a
 * failed write-back only once, so the final fsync alone could miss it. One writer thread.
 */
public final class WriteBehind extends OutputStream {
    /**
     * 16 MiB: none for the small files of the catalog; for a large archive, flushes short enough that
     * the application's own commits (DuckDB fsyncs its WAL on the same disk) wait less behind them
     * than behind 64 MiB ones (writer p99 during a 1 GB backup: 17-21 ms against 22-23 ms).
     */
    public static final long DEFAULT_INTERVAL = 16L << 20;

    private final FileChannel channel;
    private final long interval;
    private long written;
    private long flushedAt;
    private Thread flusher;
    private volatile IOException flushFailure;
    private int flushes;

    public WriteBehind(FileChannel channel, long interval) {
        if (interval < 1) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        this.channel = channel;
        this.interval = interval;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        written += len;
        if (written - flushedAt >= interval && (flusher == null || !flusher.isAlive())) {
            flushedAt = written;
            flushes++;
            flusher = new Thread(this::flushInBackground, "write-behind");
            flusher.setDaemon(true);
            flusher.start();
        }
    }

    private void flushInBackground() {
        try {
            channel.force(false);
        } catch (IOException e) {
            flushFailure = e;
        }
    }

    /** Waits for a background flush in flight, then fsyncs the file (data and metadata). */
    public void sync() throws IOException {
        awaitFlusher();
        IOException failed = flushFailure;
        if (failed != null) {
            throw new IOException("writing " + written + " bytes to disk failed in the background: " + failed.getMessage(), failed);
        }
        channel.force(true);
    }

    /** How many background flushes were started; for tests. */
    int flushes() {
        return flushes;
    }

    /** Waits for a background flush; the channel is the caller's to close. */
    @Override
    public void close() {
        awaitFlusher();
    }

    private void awaitFlusher() {
        Thread t = flusher;
        boolean interrupted = false;
        while (t != null && t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
