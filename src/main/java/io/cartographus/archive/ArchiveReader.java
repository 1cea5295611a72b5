package io.cartographus.archive;

import io.cartographus.config.Compression;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.KeepOpenInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads archives as hostile input. {@link #scan} reads every entry to its end (proving the whole
 * archive decompresses and its compressed checksum holds) and returns the size and SHA-256 of each
 * regular file; {@link #extract} also writes them under an empty directory. Anything that is not
 * a plain relative file or directory name, any link or special file, duplicates, sizes beyond the
 * {@link Limits} and truncation are refused with a {@link BackupException} of kind CORRUPT_ARCHIVE
 * that names the entry.
 */
public final class ArchiveReader {
    private static final int BUFFER = 64 * 1024;
    private static final int USTAR_OFFSET = 257;
    /** 256 KiB chunks, 8 ahead: 2 MiB in flight, and no chunk large enough to be a humongous object for G1. */
    private static final int READ_AHEAD_CHUNK = 256 * 1024;
    private static final int READ_AHEAD_DEPTH = 8;

    private ArchiveReader() {
    }

    /** Called for each regular file; may read {@code content} or not (the rest is drained). */
    public interface EntryHandler {
        void entry(String name, long size, InputStream content) throws IOException;
    }

    /**
     * How much an archive may expand to. Sizes are counted on the decompressed bytes as they come
     * out, not taken from headers.
     */
    public record Limits(long maxEntryBytes, long maxTotalBytes, int maxEntries) {
        public Limits {
            if (maxEntryBytes < 0 || maxTotalBytes < 0 || maxEntries < 0) {
                throw new IllegalArgumentException("archive limits must not be negative");
            }
        }

        /** No limit but the range of the numbers: for archives we trust (we just wrote them). */
        public static Limits unlimited() {
            return new Limits(Long.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);
        }

        /**
         * Cap on all decompressed bytes: the content, plus room for headers and padding of each
         * entry (ours take about 1 KiB), plus what may follow the end marker.
         */
        long streamCap() {
            long entries = Math.min(maxEntries, 1L << 20) + 2;
            long cap = maxTotalBytes + entries * 16 * 1024 + DecompressedStream.TAIL_LIMIT;
            return cap < 0 ? Long.MAX_VALUE : cap;
        }
    }

    /** Detects the compression of an archive file from its first bytes. */
    public static Compression detect(Path file) {
        byte[] head = new byte[512];
        int n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw IoFailures.reading("reading the start of " + file, e);
        }
        return detect(Arrays.copyOf(head, n));
    }

    /** gzip (1f 8b), zstd (28 b5 2f fd), or tar ("ustar" at offset 257). */
    public static Compression detect(byte[] firstBytes) {
        if (startsWith(firstBytes, 0x1f, 0x8b)) {
            return Compression.GZIP;
        }
        if (startsWith(firstBytes, 0x28, 0xb5, 0x2f, 0xfd)) {
            return Compression.ZSTD;
        }
        byte[] ustar = "ustar".getBytes(StandardCharsets.US_ASCII);
        if (firstBytes.length >= USTAR_OFFSET + ustar.length
                && Arrays.equals(firstBytes, USTAR_OFFSET, USTAR_OFFSET + ustar.length, ustar, 0, ustar.length)) {
            return Compression.NONE;
        }
        throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "not a tar, tar.gz or tar.zst archive");
    }

    private static boolean startsWith(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The decompressed bytes of {@code in}: gzip (all concatenated members, each CRC-checked), zstd
     * (all frames, checksums verified), or {@code in} itself. Closing the result closes {@code in}.
     */
    public static InputStream decompressing(InputStream in, Compression c) {
        try {
            return switch (c) {
                case NONE -> in;
                case GZIP -> GzipCompressorInputStream.builder()
                        .setInputStream(in.markSupported() ? in : new BufferedInputStream(in, BUFFER))
                        .setDecompressConcatenated(true)
                        .get();
                case ZSTD -> new ZstdInputStreamNoFinalizer(in);
            };
        } catch (IOException e) {
            throw IoFailures.corrupt("reading the " + c.label() + " header of the archive", e);
        }
    }

    /**
     * Reads the whole archive, calling {@code handler} for each regular file, and returns the
     * name, size and SHA-256 of each regular file in archive order. {@code archive} is not closed.
     */
    public static List<EntryResult> scan(InputStream archive, Compression c, Limits limits, EntryHandler handler) {
        return new TarScan(limits, handler, path -> { }).run(open(archive, c, limits));
    }

    /**
     * Extracts the regular files (and directories) of the archive into {@code targetDir}, which
     * must exist and be empty; each file is fsynced. On any failure what was extracted is removed.
     * {@code archive} is not closed.
     */
    public static List<EntryResult> extract(InputStream archive, Compression c, Path targetDir, Limits limits) {
        Extraction extraction = new Extraction(targetDir);
        boolean ok = false;
        Throwable failure = null;
        try {
            List<EntryResult> results = new TarScan(limits, extraction::file, extraction::directory)
                    .run(open(archive, c, limits));
            extraction.sync();
            ok = true;
            return results;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            if (!ok) {
                extraction.rollback(failure != null ? failure : new IllegalStateException("extraction failed"));
            }
        }
    }

    private static DecompressedStream open(InputStream archive, Compression c, Limits limits) {
        InputStream source = new BufferedInputStream(new KeepOpenInputStream(archive), BUFFER);
        // Reading, decrypting and decompressing on one thread, tar, hashing and writing on this one.
        InputStream decompressed = new ReadAheadInputStream(decompressing(source, c), READ_AHEAD_CHUNK, READ_AHEAD_DEPTH,
                "archive-read-" + c.label());
        return new DecompressedStream(decompressed, limits.streamCap());
    }
}
