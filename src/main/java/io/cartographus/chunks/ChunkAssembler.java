package io.cartographus.chunks;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Rebuilds a database file from its chunk list, trusting nothing: the list must add up (sizes
 * bounded, total equal to the file size), each chunk is decoded and checked by
 * {@link ChunkCodec#decode}, and the whole file must hash to the list's SHA-256. The first
 * problem stops the rebuild with CORRUPT_ARCHIVE naming the chunk; the caller discards what was
 * written.
 */
public final class ChunkAssembler {
    private final ChunkStore store;
    private final ChunkCodec codec;

    public ChunkAssembler(ChunkStore store, ChunkCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    /** Writes the file to {@code out}; returns its SHA-256 (equal to the list's). */
    public String assemble(ChunkList list, OutputStream out) {
        check(list);
        MessageDigest whole = ChunkWriter.sha256();
        for (ChunkList.Chunk c : list.chunks()) {
            byte[] plain;
            try {
                plain = codec.decode(c.file(), store.read(c.file()), c.size(), c.sha256());
            } catch (BackupException e) {
                if (e.kind() == ErrorKind.CORRUPT_ARCHIVE && ChunkName.valid(c.file())) {
                    store.markDamaged(c.file(), true);
                }
                throw e;
            }
            whole.update(plain);
            try {
                out.write(plain);
            } catch (IOException e) {
                throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot write the rebuilt database file: " + e.getMessage(), e);
            }
        }
        String sha = HexFormat.of().formatHex(whole.digest());
        if (!sha.equalsIgnoreCase(list.sha256())) {
            throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "the database file rebuilt from its chunks hashes to " + sha
                    + ", the manifest says " + list.sha256());
        }
        return sha;
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
