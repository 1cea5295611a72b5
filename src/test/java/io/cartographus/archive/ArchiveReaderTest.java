package io.cartographus.archive;

import io.cartographus.config.Compression;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.testing.Archives.Entry;
import io.cartographus.testing.Archives;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ArchiveReaderTest {
    private static final ArchiveReader.Limits UNLIMITED = ArchiveReader.Limits.unlimited();

    @TempDir
    Path dir;
    private Path target;

    @BeforeEach
    void createTarget() throws IOException {
        target = Files.createDirectory(dir.resolve("target"));
    }

    static Stream<Arguments> hostileArchives() {
        byte[] some = "content".getBytes();
        return Stream.of(
                Arguments.of("parent segment", List.of(Entry.file("../x", some)), "'..' segment"),
                Arguments.of("absolute path", List.of(Entry.file("/etc/x", some)), "absolute path"),
                Arguments.of("climbing out", List.of(Entry.file("a/../../x", some)), "'..' segment"),
                Arguments.of("directory climbing out", List.of(Entry.special("../d/", TarConstants.LF_DIR)), "'..' segment"),
                Arguments.of("symbolic link", List.of(Entry.special("link", TarConstants.LF_SYMLINK)), "symbolic link"),
                Arguments.of("hard link", List.of(Entry.special("link", TarConstants.LF_LINK)), "hard link"),
                Arguments.of("character device", List.of(Entry.special("tty", TarConstants.LF_CHR)), "character device"),
                Arguments.of("block device", List.of(Entry.special("sda", TarConstants.LF_BLK)), "block device"),
                Arguments.of("fifo", List.of(Entry.special("pipe", TarConstants.LF_FIFO)), "FIFO"),
                Arguments.of("contiguous file", List.of(Entry.special("c", TarConstants.LF_CONTIG)), "tar type '7'"),
                Arguments.of("duplicate name", List.of(Entry.file("a", some), Entry.file("a", some)), "appears twice"),
                Arguments.of("file below a file", List.of(Entry.file("a", some), Entry.file("a/b", some)), "inside the file 'a'"),
                Arguments.of("backslash", List.of(Entry.file("a\\b", some)), "backslash"),
                Arguments.of("control character", List.of(Entry.file("a\nb", some)), "control character"),
                Arguments.of("dot segment", List.of(Entry.file("./a", some)), "not a normalized path"),
                Arguments.of("empty segment", List.of(Entry.file("a//b", some)), "not a normalized path"),
                Arguments.of("name over 255", List.of(Entry.file("d/".repeat(100) + "f".repeat(100), some)), "longer than 255"),
                Arguments.of("good file then a link", List.of(Entry.file("database/db", some), Entry.special("evil", TarConstants.LF_SYMLINK)),
                        "symbolic link"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileArchives")
    void rejects_hostile_entries_and_writes_nothing(String label, List<Entry> entries, String message) throws IOException {
        for (Compression c : Compression.values()) {
            byte[] archive = Archives.compress(Archives.tar(entries), c);

            assertCorrupt(() -> ArchiveReader.extract(new ByteArrayInputStream(archive), c, target, UNLIMITED))
                    .hasMessageContaining("archive entry").hasMessageContaining(message);
            assertCorrupt(() -> ArchiveReader.scan(new ByteArrayInputStream(archive), c, UNLIMITED, (n, s, in) -> { }))
                    .hasMessageContaining(message);
            assertNothingWritten();
        }
    }

    @Test
    void rejects_more_entries_than_the_limit() throws IOException {
        List<Entry> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(Entry.file("f" + i, new byte[] {(byte) i}));
        }
        byte[] archive = Archives.gzip(Archives.tar(many));

        assertCorrupt(() -> ArchiveReader.scan(new ByteArrayInputStream(archive), Compression.GZIP,
                new ArchiveReader.Limits(1 << 20, 1 << 30, 1000), (n, s, in) -> { }))
                .hasMessageContaining("more than 1000 entries");
        // extract fsyncs every file: a small limit keeps the test fast.
        assertCorrupt(() -> ArchiveReader.extract(new ByteArrayInputStream(archive), Compression.GZIP, target,
                new ArchiveReader.Limits(1 << 20, 1 << 30, 20)))
                .hasMessageContaining("more than 20 entries");
        assertNothingWritten();
        assertThat(ArchiveReader.scan(new ByteArrayInputStream(archive), Compression.GZIP,
                new ArchiveReader.Limits(1 << 20, 1 << 30, 10_000), (n, s, in) -> { })).hasSize(10_000);
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void stops_a_small_file_of_zeros_that_expands_beyond_the_limit_early(Compression c) throws IOException {
        // 100 MiB of zeros: the tar parser sees an end-of-archive marker at once, and the rest is read to
        // verify the checksum, but only up to what tar padding could be.
        byte[] bomb = zeros(c, new byte[0], 100);
        assertThat(bomb.length).isLessThan(1 << 20);
        ArchiveReader.Limits limits = new ArchiveReader.Limits(10 << 20, 10 << 20, 100);

        for (ArchiveReader.Limits l : List.of(limits, UNLIMITED)) {
            assertCorrupt(() -> ArchiveReader.scan(new ByteArrayInputStream(bomb), c, l, (n, s, x) -> { }))
                    .hasMessageContaining("bytes follow the end of the tar archive");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void stops_reading_a_bomb_soon_after_the_limit(Compression c) throws IOException {
        // Several GiB of zeros (members or frames of 1 MiB each; zstd packs 1 MiB into ~50 bytes and reads
        // 128 KiB ahead, so it gets more): reading it all would take many seconds.
        byte[] bomb = zeros(c, new byte[0], c == Compression.GZIP ? 4096 : 65536);
        ArchiveReader.Limits limits = new ArchiveReader.Limits(10 << 20, 10 << 20, 100);
        CountingInput in = new CountingInput(new ByteArrayInputStream(bomb));

        assertCorrupt(() -> ArchiveReader.scan(in, c, limits, (n, s, x) -> { })).hasMessageContaining("follow the end");
        assertThat(in.count).as("compressed bytes consumed of %d", bomb.length).isLessThan(bomb.length / 10);
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void refuses_an_entry_declared_beyond_the_limit_before_reading_it(Compression c) throws IOException {
        TarArchiveEntry huge = new TarArchiveEntry("database/huge");
        huge.setSize(4096L << 20);
        byte[] header = new byte[512];
        huge.writeEntryHeader(header);
        byte[] bomb = zeros(c, header, c == Compression.GZIP ? 4096 : 65536);
        ArchiveReader.Limits limits = new ArchiveReader.Limits(10 << 20, 10 << 20, 100);
        CountingInput in = new CountingInput(new ByteArrayInputStream(bomb));

        assertCorrupt(() -> ArchiveReader.extract(in, c, target, limits))
                .hasMessageContaining("'database/huge'").hasMessageContaining("beyond the limit of 10485760 bytes");
        assertThat(in.count).isLessThan(bomb.length / 10);
        assertNothingWritten();
    }

    @Test
    void caps_all_decompressed_bytes_headers_included() throws IOException {
        // Ten entries of one byte, each behind a 600 KiB PAX header: within the entry limits, but the
        // archive expands far beyond its content limit plus the room allowed for headers.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Archives.gzipStream(bytes))) {
            for (int i = 0; i < 10; i++) {
                TarArchiveEntry e = new TarArchiveEntry("f" + i);
                e.addPaxHeader("comment", "x".repeat(600_000));
                e.setSize(1);
                tar.putArchiveEntry(e);
                tar.write('a');
                tar.closeArchiveEntry();
            }
        }
        ArchiveReader.Limits limits = new ArchiveReader.Limits(1 << 20, 1 << 20, 10);
        assertCorrupt(() -> ArchiveReader.scan(new ByteArrayInputStream(bytes.toByteArray()), Compression.GZIP, limits,
                (n, s, x) -> { })).hasMessageContaining("expands to more than");
    }

    @Test
    void refuses_megabytes_of_headers_before_an_entry() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry e = new TarArchiveEntry("f");
            e.addPaxHeader("comment", "x".repeat(2 << 20));
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        }
        assertCorrupt(() -> ArchiveReader.scan(new ByteArrayInputStream(bytes.toByteArray()), Compression.NONE, UNLIMITED,
                (n, s, x) -> { })).hasMessageContaining("bytes of tar headers in a row");
    }

    @Test
    void counts_the_total_across_entries() throws IOException {
        byte[] tar = Archives.tar(List.of(Entry.file("a", new byte[600]), Entry.file("b", new byte[600])));
        ArchiveReader.Limits limits = new ArchiveReader.Limits(1000, 1000, 10);
        assertCorrupt(() -> ArchiveReader.extract(new ByteArrayInputStream(tar), Compression.NONE, target, limits))
                .hasMessageContaining("'b'").hasMessageContaining("beyond the limit of 1000 bytes");
        assertNothingWritten();
    }

    static Stream<Arguments> truncations() {
        return Stream.of(Compression.values()).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("truncations")
    void says_the_archive_is_truncated_wherever_it_is_cut(Compression c) throws IOException {
        byte[] a = Archives.mixed(new Random(3), 300_000);
        byte[] b = Archives.mixed(new Random(4), 100_000);
        byte[] archive = write(c, List.of(a, b));
        List<Integer> offsets = new ArrayList<>();
        if (c == Compression.NONE) {
            int firstEnd = 512 + roundUp(a.length);
            int trailer = firstEnd + 512 + roundUp(b.length);
            offsets.addAll(List.of(300, 511, 512, 1000, firstEnd - 1, firstEnd, firstEnd + 100, firstEnd + 512,
                    trailer - 1, trailer, trailer + 100, trailer + 511));
        } else {
            int n = archive.length;
            offsets.addAll(List.of(10, 100, n / 4, n / 2, n - 100, n - 9, n - 5, n - 1));
        }
        for (int offset : offsets) {
            byte[] cut = Arrays.copyOf(archive, offset);
            assertCorrupt(() -> ArchiveReader.extract(new ByteArrayInputStream(cut), c, target, UNLIMITED))
                    .as("cut at %d of %d", offset, archive.length).hasMessageContaining("truncated");
            assertNothingWritten();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void detects_a_bit_flip_anywhere_in_the_compressed_data(Compression c) throws IOException {
        byte[] archive = write(c, List.of(Archives.mixed(new Random(8), 400_000), new byte[50_000]));
        int n = archive.length;
        // gzip: past the 10-byte header (its mtime/XFL/OS bytes are covered by no checksum) up to the
        // CRC32 and length; zstd: from the first block header to the checksum in the last 4 bytes.
        int[] offsets = {12, 20, 100, n / 5, n / 3, n / 2, 2 * n / 3, 4 * n / 5, n - 40, n - 8, n - 6, n - 3, n - 1};
        for (int offset : offsets) {
            for (int bit : new int[] {0x01, 0x10, 0x80}) {
                byte[] flipped = archive.clone();
                flipped[offset] ^= (byte) bit;
                // Extraction may have written the first entry before the checksum at the end fails: it must be gone.
                assertCorrupt(() -> ArchiveReader.extract(new ByteArrayInputStream(flipped), c, target, UNLIMITED))
                        .as("bit %x at %d of %d", bit, offset, n);
                assertNothingWritten();
            }
        }
    }

    @Test
    void detects_a_damaged_tar_header_in_a_plain_tar() throws IOException {
        byte[] archive = write(Compression.NONE, List.of(new byte[10]));
        archive[100] ^= 0x01; // the mode field, covered by the header checksum
        assertCorrupt(() -> ArchiveReader.scan(new ByteArrayInputStream(archive), Compression.NONE, UNLIMITED, (x, s, in) -> { }))
                .hasMessageContaining("header checksum does not match");
    }

    @Test
    void random_garbage_is_not_an_archive_in_any_format() throws IOException {
        byte[] garbage = new byte[100_000];
        new Random(11).nextBytes(garbage);
        garbage[0] = 0x42; // not a magic number by chance
        assertCorrupt(() -> ArchiveReader.detect(garbage)).hasMessage("not a tar, tar.gz or tar.zst archive");
        for (Compression c : Compression.values()) {
            assertCorrupt(() -> ArchiveReader.extract(new ByteArrayInputStream(garbage), c, target, UNLIMITED));
            assertNothingWritten();
        }
    }

    @Test
    void detects_each_compression_from_the_file() throws IOException {
        for (Compression c : Compression.values()) {
            Path file = Files.write(dir.resolve("archive" + c.extension()), write(c, List.of(new byte[5])));
            assertThat(ArchiveReader.detect(file)).isEqualTo(c);
        }
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        assertCorrupt(() -> ArchiveReader.detect(empty));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void ignores_garbage_after_the_tar_trailer(Compression c) throws IOException {
        byte[] tar = Archives.tar(List.of(Entry.file("a", "hello")));
        byte[] tail = new byte[3000];
        new Random(2).nextBytes(tail);
        byte[] withTail = Arrays.copyOf(tar, tar.length + tail.length);
        System.arraycopy(tail, 0, withTail, tar.length, tail.length);

        List<EntryResult> results = ArchiveReader.scan(new ByteArrayInputStream(Archives.compress(withTail, c)), c,
                UNLIMITED, (n, s, in) -> { });
        assertThat(results).containsExactly(new EntryResult("a", 5, Archives.sha256("hello".getBytes())));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "ZSTD"})
    void refuses_bytes_after_the_compressed_stream(Compression c) throws IOException {
        byte[] archive = write(c, List.of(new byte[100]));
        byte[] longer = Arrays.copyOf(archive, archive.length + 20);
        Arrays.fill(longer, archive.length, longer.length, (byte) 0x33);
        assertCorrupt(() -> ArchiveReader.scan(new ByteArrayInputStream(longer), c, UNLIMITED, (n, s, in) -> { }));
    }

    @Test
    void decompresses_concatenated_gzip_members() throws IOException {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(Archives.gzip("first ".getBytes()));
        both.write(Archives.gzip("second".getBytes()));
        try (InputStream in = ArchiveReader.decompressing(new ByteArrayInputStream(both.toByteArray()), Compression.GZIP)) {
            assertThat(new String(in.readAllBytes())).isEqualTo("first second");
        }
    }

    @Test
    void hashes_every_entry_whether_the_handler_reads_it_or_not() throws IOException {
        byte[] a = Archives.mixed(new Random(1), 200_000);
        byte[] b = Archives.mixed(new Random(2), 200_000);
        byte[] c = Archives.mixed(new Random(3), 10);
        byte[] archive = Archives.zstd(Archives.tar(List.of(Entry.file("a", a), Entry.file("b", b), Entry.file("c", c))));
        List<String> seen = new ArrayList<>();

        List<EntryResult> results = ArchiveReader.scan(new ByteArrayInputStream(archive), Compression.ZSTD, UNLIMITED,
                (name, size, in) -> {
                    seen.add(name + ":" + size);
                    if (name.equals("b")) {
                        in.readNBytes(1000);
                        in.close();
                    }
                });
        assertThat(seen).containsExactly("a:200000", "b:200000", "c:10");
        assertThat(results).containsExactly(
                new EntryResult("a", a.length, Archives.sha256(a)),
                new EntryResult("b", b.length, Archives.sha256(b)),
                new EntryResult("c", c.length, Archives.sha256(c)));
    }

    @Test
    void a_handler_failing_to_write_is_not_called_a_corrupt_archive() throws IOException {
        byte[] archive = Archives.tar(List.of(Entry.file("a", "x")));
        assertThatThrownBy(() -> ArchiveReader.scan(new ByteArrayInputStream(archive), Compression.NONE, UNLIMITED,
                (n, s, in) -> {
                    throw new IOException("No space left on device");
                }))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NO_SPACE))
                .hasMessageContaining("'a'");
    }

    @Test
    void extracts_files_and_directories_with_our_permissions() throws IOException {
        byte[] db = Archives.mixed(new Random(4), 123_456);
        byte[] archive = Archives.gzip(Archives.tar(List.of(Entry.special("empty-dir/", TarConstants.LF_DIR),
                Entry.file("database/cartographus.duckdb", db), Entry.file("manifest.json", "{}"))));

        List<EntryResult> results = ArchiveReader.extract(new ByteArrayInputStream(archive), Compression.GZIP, target, UNLIMITED);

        assertThat(results).extracting(EntryResult::name).containsExactly("database/cartographus.duckdb", "manifest.json");
        assertThat(Files.readAllBytes(target.resolve("database/cartographus.duckdb"))).isEqualTo(db);
        assertThat(Files.isDirectory(target.resolve("empty-dir"))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("manifest.json")))).isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("database")))).isEqualTo("rwxr-x---");
    }

    @Test
    void refuses_a_target_that_is_not_empty_or_is_a_link() throws IOException {
        byte[] archive = Archives.tar(List.of(Entry.file("a", "x")));
        Files.writeString(target.resolve("already-here"), "x");
        assertThatThrownBy(() -> ArchiveReader.extract(new ByteArrayInputStream(archive), Compression.NONE, target, UNLIMITED))
                .isInstanceOf(BackupException.class).hasMessageContaining("not empty");
        Path link = Files.createSymbolicLink(dir.resolve("link"), Files.createDirectory(dir.resolve("elsewhere")));
        assertThatThrownBy(() -> ArchiveReader.extract(new ByteArrayInputStream(archive), Compression.NONE, link, UNLIMITED))
                .isInstanceOf(BackupException.class).hasMessageContaining("symbolic link");
        assertThat(dir.resolve("elsewhere")).isEmptyDirectory();
    }

    private void assertNothingWritten() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.filter(p -> !p.equals(dir) && !p.equals(target)).toList()).isEmpty();
        }
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertCorrupt(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return assertThatThrownBy(call).isInstanceOfSatisfying(BackupException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.CORRUPT_ARCHIVE));
    }

    private static byte[] write(Compression c, List<byte[]> contents) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ArchiveWriter w = new ArchiveWriter(sink, c, 6, 2)) {
            for (int i = 0; i < contents.size(); i++) {
                w.addBytes("entry-" + i, contents.get(i));
            }
            w.finish();
        }
        return sink.toByteArray();
    }

    /** {@code prefix} then {@code mebibytes} MiB of zeros, as concatenated gzip members or zstd frames. */
    private static byte[] zeros(Compression c, byte[] prefix, int mebibytes) throws IOException {
        byte[] oneMebibyte = Archives.compress(new byte[1 << 20], c);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (prefix.length > 0) {
            bytes.write(Archives.compress(prefix, c));
        }
        for (int i = 0; i < mebibytes; i++) {
            bytes.write(oneMebibyte);
        }
        return bytes.toByteArray();
    }

    private static int roundUp(int n) {
        return (n + 511) / 512 * 512;
    }

    private static final class CountingInput extends FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
