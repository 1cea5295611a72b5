package io.cartographus.chunks;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a database file is cut: DuckDB's 12 KiB of headers, then its 256 KiB blocks, each a
 * chunk of its own. DuckDB rewrites whole blocks in place and never moves them, so a changed block
 * is exactly one new chunk (measured in docs/design.md §15).
 */
public record ChunkGrid(int headerBytes, int blockBytes) {
    /** DuckDB's storage layout: three 4 KiB headers, then 256 KiB blocks. */
    public static final ChunkGrid DUCKDB = new ChunkGrid(12 * 1024, 256 * 1024);
    /** No chunk may be larger: anything that claims more is refused before it is read. */
    public static final int MAX_CHUNK = 1 << 20;

    public ChunkGrid {
        if (headerBytes < 1 || blockBytes < 1 || headerBytes > MAX_CHUNK || blockBytes > MAX_CHUNK) {
            throw new IllegalArgumentException("chunk sizes must be 1.." + MAX_CHUNK + " bytes");
        }
    }

    /** The sizes of the chunks of a file of {@code length} bytes, in order; they add up to {@code length}. */
    public List<Integer> sizes(long length) {
        List<Integer> out = new ArrayList<>();
        long left = length;
        if (left > 0) {
            int first = (int) Math.min(left, headerBytes);
            out.add(first);
            left -= first;
        }
        while (left > 0) {
            int n = (int) Math.min(left, blockBytes);
            out.add(n);
            left -= n;
        }
        return out;
    }
}
