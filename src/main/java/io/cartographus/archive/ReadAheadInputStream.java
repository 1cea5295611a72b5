package io.cartographus.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads its source on a thread of its own, up to a few chunks ahead of the caller. Put on top of
 * the decompressor, it lets reading the file, hashing it, decrypting and decompressing run on one
 * core while the caller parses tar, hashes the entries and writes them out on the other: restore
 * and validation went from one busy core to two (see docs/benchmarks.md).
 *
 * <p>Whatever the source throws reaches the caller at the point in the stream where it happened,
 * as the same exception. The source is only ever touched by the reading thread, and
 * {@link #close()} waits for that thread to stop before closing it, so native decompressor memory
 * is never freed under a read. Memory: at most {@code depth + 2} chunks. One reader, one caller.
 */
final class ReadAheadInputStream extends InputStream {
    private static final Chunk END = new Chunk(new byte[0], 0, null);

    private record Chunk(byte[] bytes, int length, Throwable failure) {
    }

    private final InputStream source;
    private final BlockingQueue<Chunk> ready;
    private final Thread reader;
    private volatile boolean closed;
    private Chunk current;
    private int position;

    ReadAheadInputStream(InputStream source, int chunkSize, int depth, String threadName) {
        this.source = source;
        this.ready = new ArrayBlockingQueue<>(depth);
        this.reader = new Thread(() -> fill(chunkSize), threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private void fill(int chunkSize) {
        try {
            while (!closed) {
                byte[] b = new byte[chunkSize];
                int n = source.readNBytes(b, 0, chunkSize);
                if (n > 0 && !hand(new Chunk(b, n, null))) {
                    return;
                }
                if (n < chunkSize) {
                    hand(END);
                    return;
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            hand(new Chunk(null, 0, e));
        }
    }

    /** Queues a chunk, giving up once the caller has closed the stream; false then. */
    private boolean hand(Chunk c) {
        try {
            while (!closed) {
                if (ready.offer(c, 50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (current == null || position == current.length()) {
            if (current == END) {
                return -1;
            }
            current = next();
            position = 0;
            if (current == END) {
                return -1;
            }
        }
        int n = Math.min(len, current.length() - position);
        System.arraycopy(current.bytes(), position, b, off, n);
        position += n;
        return n;
    }

    private Chunk next() throws IOException {
        Chunk c;
        try {
            c = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the archive to be read");
        }
        if (c.failure() != null) {
            // Sticky: a later read must never look like a clean end of the stream.
            ready.offer(c);
            rethrow(c.failure());
        }
        return c;
    }

    private static void rethrow(Throwable t) throws IOException {
        if (t instanceof IOException e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        throw (Error) t;
    }

    /** Stops the reading thread, waits for it, then closes the source. */
    @Override
    public void close() throws IOException {
        closed = true;
        ready.clear();
        boolean interrupted = false;
        while (reader.isAlive()) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
