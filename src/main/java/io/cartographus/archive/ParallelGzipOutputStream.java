package io.cartographus.archive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip compression on several threads, the way pigz does it, producing ONE ordinary gzip member.
 *
 * <p>The input is cut into fixed-size blocks. Each block is deflated on its own (raw deflate), primed
 * with the last 32 KiB of the previous block as dictionary so that matches across the cut are not
 * lost, and ended with a sync flush, which byte-aligns its output; the last block is ended with
 * finish, which sets the final-block bit. Concatenated in order, the pieces are one valid deflate
 * stream. The CRC32 and length are computed here, sequentially, on the caller's thread.
 *
 * <p>Why: single-threaded deflate in Java (~17 MB/s at level 6) is the bottleneck of the default
 * gzip backup; see docs/design.md §4.
 *
 * <p>Memory is bounded: at most {@code 2 × threads} blocks are in flight; when that many are queued,
 * {@code write} waits for the oldest and writes it out. The executor belongs to this stream (daemon
 * threads named {@code gzip-N}) and is shut down by {@link #finish()} or {@link #close()}.
 * Not thread-safe: one writer thread.
 */
public final class ParallelGzipOutputStream extends OutputStream {
    /** Input per block: large enough that the per-block flush marker and dictionary cost nothing. */
    public static final int DEFAULT_BLOCK_SIZE = 256 * 1024;
    private static final int DICTIONARY_SIZE = 32 * 1024;
    private static final int OS_UNIX = 3;

    private final OutputStream out;
    private final int blockSize;
    private final int maxInFlight;
    private final ExecutorService executor;
    private final BlockingQueue<Deflater> deflaters;
    private final List<Deflater> allDeflaters = new ArrayList<>();
    private final Deque<Future<Compressed>> inFlight = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private long totalIn;
    private byte[] block;
    private int filled;
    private byte[] previousBlock;
    private boolean finished;
    private boolean failed;
    private boolean released;

    public ParallelGzipOutputStream(OutputStream out, int level, int threads) throws IOException {
        this(out, level, threads, DEFAULT_BLOCK_SIZE);
    }

    ParallelGzipOutputStream(OutputStream out, int level, int threads, int blockSize) throws IOException {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("gzip level must be 1-9, got " + level);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("gzip threads must be at least 1, got " + threads);
        }
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be positive, got " + blockSize);
        }
        this.out = out;
        this.blockSize = blockSize;
        this.maxInFlight = 2 * threads;
        this.block = new byte[blockSize];
        this.deflaters = new ArrayBlockingQueue<>(threads);
        for (int i = 0; i < threads; i++) {
            Deflater d = new Deflater(level, true);
            allDeflaters.add(d);
            deflaters.add(d);
        }
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new GzipThreads());
        // XFL 2 = maximum compression, 4 = fastest, as gzip itself writes; mtime 0 = not recorded.
        int xfl = level == 9 ? 2 : level == 1 ? 4 : 0;
        out.write(new byte[] {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, (byte) xfl, OS_UNIX});
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (finished || released || failed) {
            throw new IOException(failed ? "gzip stream failed earlier" : "gzip stream already finished");
        }
        crc.update(b, off, len);
        totalIn += len;
        while (len > 0) {
            int n = Math.min(len, blockSize - filled);
            System.arraycopy(b, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == blockSize) {
                submit(false);
            }
        }
    }

    /** Writes out the blocks already compressed; never cuts a partial block (that would cost ratio). */
    @Override
    public void flush() throws IOException {
        while (!inFlight.isEmpty() && inFlight.peekFirst().isDone()) {
            writeOut(inFlight.removeFirst());
        }
        out.flush();
    }

    /** Compresses what is left, writes the gzip trailer and releases the threads; does not close the sink. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        if (released) {
            throw new IOException("gzip stream already closed");
        }
        submit(true);
        while (!inFlight.isEmpty()) {
            writeOut(inFlight.removeFirst());
        }
        byte[] trailer = new byte[8];
        putIntLittleEndian(trailer, 0, crc.getValue());
        putIntLittleEndian(trailer, 4, totalIn);
        out.write(trailer);
        out.flush();
        finished = true;
        release();
    }

    /** Finishes (unless a write failed) and closes the wrapped stream. */
    @Override
    public void close() throws IOException {
        try {
            if (!finished && !failed && !released) {
                finish();
            }
        } finally {
            release();
            out.close();
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] input = block;
        int length = filled;
        byte[] dictionary = previousBlock;
        inFlight.addLast(executor.submit(() -> compress(input, length, dictionary, last)));
        previousBlock = input;
        block = last ? null : new byte[blockSize];
        filled = 0;
        // Keep at most maxInFlight blocks queued or running: this is what bounds memory.
        while (inFlight.size() >= maxInFlight || (!inFlight.isEmpty() && inFlight.peekFirst().isDone())) {
            writeOut(inFlight.removeFirst());
        }
    }

    private Compressed compress(byte[] input, int length, byte[] dictionary, boolean last) throws InterruptedException {
        Deflater d = deflaters.take();
        try {
            if (dictionary != null) {
                int n = Math.min(DICTIONARY_SIZE, dictionary.length);
                d.setDictionary(dictionary, dictionary.length - n, n);
            }
            d.setInput(input, 0, length);
            byte[] output = new byte[length + (length >> 3) + 64];
            int pos = 0;
            if (last) {
                d.finish();
                while (!d.finished()) {
                    if (pos == output.length) {
                        output = Arrays.copyOf(output, output.length * 2);
                    }
                    pos += d.deflate(output, pos, output.length - pos);
                }
            } else {
                // A sync flush is complete once deflate leaves output space unused.
                while (true) {
                    pos += d.deflate(output, pos, output.length - pos, Deflater.SYNC_FLUSH);
                    if (pos < output.length) {
                        break;
                    }
                    output = Arrays.copyOf(output, output.length * 2);
                }
            }
            return new Compressed(output, pos);
        } finally {
            d.reset();
            deflaters.add(d);
        }
    }

    private void writeOut(Future<Compressed> future) throws IOException {
        Compressed c;
        try {
            c = future.get();
        } catch (InterruptedException e) {
            failed = true;
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for gzip compression");
        } catch (ExecutionException e) {
            failed = true;
            throw new IOException("gzip compression of a block failed", e.getCause());
        }
        try {
            out.write(c.bytes(), 0, c.length());
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    private void release() {
        if (released) {
            return;
        }
        released = true;
        for (Future<Compressed> f : inFlight) {
            f.cancel(true);
        }
        inFlight.clear();
        executor.shutdownNow();
        try {
            // A running task cannot be interrupted inside deflate, but it finishes within one block.
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Deflater d : allDeflaters) {
            d.end();
        }
        block = null;
        previousBlock = null;
    }

    private static void putIntLittleEndian(byte[] b, int off, long v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    private record Compressed(byte[] bytes, int length) {
    }

    private static final class GzipThreads implements ThreadFactory {
        private final AtomicInteger next = new AtomicInteger(1);

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "gzip-" + next.getAndIncrement());
            t.setDaemon(true);
            return t;
        }
    }
}
