package io.cartographus.chunks;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;

/**
 * Puts one database file into the store: cuts it on the {@link ChunkGrid}, and for each piece
 * reuses the chunk the store has (pinning it) or writes a new one. Every chunk this backup needs
 * stays pinned until {@link #close()}, which the caller does only after the backup's reference
 * list is written (or the backup failed): from then on the list protects them.
 */
public final class ChunkWriter implements AutoCloseable {
    /** Blocks in flight between the reading thread and the whole-file hash: 1 MiB. */
    private static final int BUFFERS = 4;
    private final ChunkStore store;
    private final ChunkCodec codec;
    private final ChunkGrid grid;
    private final Set<String> used = new LinkedHashSet<>();

    public ChunkWriter(ChunkStore store, ChunkCodec codec, ChunkGrid grid) {
        this.store = store;
        this.codec = codec;
        this.grid = grid;
    }

    /** What storing a file did. */
    public record Result(ChunkList list, long addedBytes, int addedChunks, int rewrittenChunks) {
    }

    /**
     * Reads exactly {@code length} bytes of {@code in} into the store. The whole file's SHA-256 is
     * computed on a second thread, a block behind this one, which hashes each block for its name:
     * the two hashes were half a deduplicated backup's time on one core.
     */
    public Result store(InputStream in, long length) {
        MessageDigest whole = sha256();
        List<ChunkList.Chunk> chunks = new ArrayList<>();
        int bufferSize = Math.max(grid.headerBytes(), grid.blockBytes());
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[bufferSize]);
        }
        Set<String> damaged = store.damaged();
        long added = 0;
        int addedChunks = 0;
        int rewritten = 0;
        ExecutorService hasher = Workers.start("chunk-hash", 1);
        try {
            for (int size : grid.sizes(length)) {
                byte[] buf = take(free);
                int n = readFully(in, buf, size);
                String sha = ChunkCodec.sha256(buf, n);
                String id = codec.id(buf, n, sha);
                Optional<String> existing = store.pinExisting(id);
                String file;
                if (existing.isPresent()) {
                    file = existing.get();
                } else {
                    ChunkCodec.Encoded e = codec.encode(id, buf, n);
                    file = e.file();
                    store.pin(file);
                    added += store.write(file, e.bytes());
                    addedChunks++;
                    if (damaged.contains(file)) {
                        store.markDamaged(file, false);
                        rewritten++;
                    }
                }
                used.add(file);
                chunks.add(new ChunkList.Chunk(file, n, sha));
                // One thread, so the blocks reach the digest in file order.
                hasher.execute(() -> {
                    whole.update(buf, 0, n);
                    free.add(buf);
                });
            }
            Workers.finish(hasher);
        } finally {
            hasher.shutdownNow();
        }
        ChunkList list = new ChunkList(grid.headerBytes(), grid.blockBytes(), length,
                HexFormat.of().formatHex(whole.digest()), chunks);
        return new Result(list, added, addedChunks, rewritten);
    }

    /** Every chunk file this writer used, in first-use order. */
    public Set<String> files() {
        return Set.copyOf(used);
    }

    @Override
    public void close() {
        store.unpin(used);
    }

    private static byte[] take(BlockingQueue<byte[]> free) {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(ErrorKind.INTERNAL, "interrupted while storing the database file's chunks", e);
        }
    }

    private static int readFully(InputStream in, byte[] buf, int size) {
        try {
            int n = in.readNBytes(buf, 0, size);
            if (n != size) {
                throw new BackupException(ErrorKind.INTERNAL, "the database copy ended early: " + n + " of " + size + " bytes of a chunk");
            }
            return n;
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot read the database copy: " + e.getMessage(), e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
