/**
 * The streaming archive layer: tar entries, compressed with gzip (in parallel, pigz-style) or zstd,
 * written to a sink the caller owns; and the defensive reader that scans or extracts such archives.
 *
 * <p>Nothing here knows about the catalog, DuckDB or HTTP. Memory use does not grow with the size of
 * what is archived: every path is a chain of streams with fixed-size buffers. The reader treats every
 * archive as hostile: names are checked before anything touches the disk, entry and total sizes are
 * counted on the decompressed bytes (not trusted from headers), and the compressed stream is read to
 * its end so that its own checksum (gzip CRC32, zstd XXH64) is verified.
 */
package io.cartographus.archive;
