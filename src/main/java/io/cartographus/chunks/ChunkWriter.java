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

/**
 * Puts one database file into the store: cuts it on the {@link ChunkGrid}, and for each piece
 * reuses the chunk the store has (pinning it) or writes a new one. Every chunk this backup needs
 * stays pinned until {@link #close()}, which the caller does only after the backup's reference
 * list is written (or the backup failed): from then on the list protects them.
 */
public final class ChunkWriter implements AutoCloseable {
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

    /** Reads exactly {@code length} bytes of {@code in} into the store. */
    public Result store(InputStream in, long length) {
        MessageDigest whole = sha256();
        List<ChunkList.Chunk> chunks = new ArrayList<>();
        byte[] buf = new byte[Math.max(grid.headerBytes(), grid.blockBytes())];
        Set<String> damaged = store.damaged();
        long added = 0;
        int addedChunks = 0;
        int rewritten = 0;
        for (int size : grid.sizes(length)) {
            int n = readFully(in, buf, size);
            whole.update(buf, 0, n);
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
