package io.cartographus.chunks;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Rebuilds a database file from its chunk list, trusting nothing: the list must add up (sizes
 * bounded, total equal to the file size), each chunk is decoded and checked by
 * {@link ChunkCodec#decode}, and the whole file must hash to the list's SHA-256. The first
 * problem stops the rebuild with CORRUPT_ARCHIVE naming the chunk; the caller discards what was
 * written.
 */
public final class ChunkAssembler {
    /** Two: a restore on a two-core host keeps both busy with this thread's hashing and writing. */
    private static final int DECODERS = 2;
    /** Chunks decoded ahead of, and queued behind, the one being hashed: at most 4 MiB of plaintext held. */
    private static final int AHEAD = 8;
    private final ChunkStore store;
    private final ChunkCodec codec;

    public ChunkAssembler(ChunkStore store, ChunkCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    /**
     * Writes the file to {@code out}; returns its SHA-256 (equal to the list's). Three stages run at
     * once, so that a restore is bound by the disk rather than by one core: worker threads read and
     * decode (decompress, authenticate, hash) chunks a few ahead, this thread hashes the whole file
     * in order, and one more thread writes it in order. The first chunk that fails, in file order,
     * is the one reported.
     */
    public String assemble(ChunkList list, OutputStream out) {
        check(list);
        MessageDigest whole = ChunkWriter.sha256();
        List<ChunkList.Chunk> chunks = list.chunks();
        ExecutorService decoders = Workers.start("chunk-decode", DECODERS);
        ExecutorService writer = Workers.start("chunk-write", 1);
        Deque<Future<byte[]>> decoding = new ArrayDeque<>();
        Deque<Future<?>> writing = new ArrayDeque<>();
        try {
            int submitted = 0;
            for (ChunkList.Chunk c : chunks) {
                while (submitted < chunks.size() && decoding.size() < AHEAD) {
                    ChunkList.Chunk next = chunks.get(submitted++);
                    decoding.add(decoders.submit(() -> codec.decode(next.file(), store.read(next.file()), next.size(), next.sha256())));
                }
                byte[] plain = decoded(decoding.poll(), c);
                whole.update(plain);
                writing.add(writer.submit(() -> {
                    out.write(plain);
                    return null;
                }));
                while (writing.size() > AHEAD) {
                    written(writing.poll());
                }
            }
            while (!writing.isEmpty()) {
                written(writing.poll());
            }
        } finally {
            // Decoding still queued after a failure only reads chunks: dropped. Writes are let finish
            // rather than interrupted, which would close the caller's file under it.
            decoders.shutdownNow();
            writing.forEach(f -> f.cancel(false));
            Workers.finish(writer);
        }
        String sha = HexFormat.of().formatHex(whole.digest());
        if (!sha.equalsIgnoreCase(list.sha256())) {
            throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "the database file rebuilt from its chunks hashes to " + sha
                    + ", the manifest says " + list.sha256());
        }
        return sha;
    }

    private static void written(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(ErrorKind.INTERNAL, "interrupted while writing the rebuilt database file", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot write the rebuilt database file: " + io.getMessage(), io);
            }
            throw new BackupException(ErrorKind.INTERNAL, "writing the rebuilt database file failed: " + e.getCause(), e.getCause());
        }
    }

    private byte[] decoded(Future<byte[]> f, ChunkList.Chunk c) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(ErrorKind.INTERNAL, "interrupted while rebuilding the database file", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BackupException b) {
                if (b.kind() == ErrorKind.CORRUPT_ARCHIVE && ChunkName.valid(c.file())) {
                    store.markDamaged(c.file(), true);
                }
                throw b;
            }
            throw new BackupException(ErrorKind.INTERNAL, "decoding chunk " + c.file() + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** Refuses a list that cannot describe a file we wrote. */
    static void check(ChunkList list) {
        if (list.sha256() == null || !list.sha256().matches("[0-9a-fA-F]{64}")) {
            throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "the manifest's chunk list has no valid SHA-256 for the database file");
        }
        long total = 0;
        for (ChunkList.Chunk c : list.chunks()) {
            ChunkName.require(c.file());
            if (c.size() < 1 || c.size() > ChunkGrid.MAX_CHUNK) {
                throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "the manifest's chunk list gives chunk " + c.file()
                        + " a size of " + c.size() + " bytes (1.." + ChunkGrid.MAX_CHUNK + " allowed)");
            }
            if (c.sha256() == null || !c.sha256().matches("[0-9a-f]{64}")) {
                throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "the manifest's chunk list has no valid SHA-256 for chunk " + c.file());
            }
            total += c.size();
        }
        if (total != list.size()) {
            throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "the manifest's chunks add up to " + total
                    + " bytes, but the database file has " + list.size());
        }
    }
}
