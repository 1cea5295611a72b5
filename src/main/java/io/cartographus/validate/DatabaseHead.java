package io.cartographus.validate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The first bytes of an archive's database entry, which must be DuckDB's main header. Ours are the
 * first entry of an archive, so checking them before reading on refuses a decompression bomb of zeros
 * (3 MB that expand to gigabytes, with a manifest claiming that size) after one block, instead of
 * after decompressing it all and unpacking it to disk only to find it does not open.
 */
final class DatabaseHead {
    /** DuckDB's main header: an 8-byte checksum, then these four bytes. */
    private static final byte[] MAGIC = "DUCK".getBytes(StandardCharsets.US_ASCII);
    static final int LENGTH = 8 + MAGIC.length;

    private DatabaseHead() {
    }

    /** Reads the head of {@code content}; an IOException naming the entry when it is not a DuckDB file. */
    static byte[] read(String name, InputStream content) throws IOException {
        byte[] head = content.readNBytes(LENGTH);
        if (head.length < LENGTH || !Arrays.equals(head, 8, LENGTH, MAGIC, 0, MAGIC.length)) {
            throw new IOException(name + " is not a DuckDB database file (no \"DUCK\" at byte 8): nothing of it is unpacked");
        }
        return head;
    }
}
