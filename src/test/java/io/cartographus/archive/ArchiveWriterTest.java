package io.cartographus.archive;

import io.cartographus.config.Compression;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.testing.Archives;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ArchiveWriterTest {
    private static final int BLOCK = ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE;

    @TempDir
    Path dir;

    /** Entries of every interesting size: empty, one byte, one gzip block and its neighbours, several MiB. */
    private static Map<String, byte[]> contents(long seed) {
        Random random = new Random(seed);
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("empty", new byte[0]);
        m.put("one-byte", new byte[] {42});
        m.put("database/block-minus-one", Archives.mixed(random, BLOCK - 1));
        m.put("database/block", Archives.mixed(random, BLOCK));
        m.put("database/block-plus-one", Archives.mixed(random, BLOCK + 1));
        m.put("database/cartographus.duckdb", Archives.mixed(random, 3 * 1024 * 1024 + 7));
        m.put("config/" + "a-rather-long-directory-name/".repeat(4) + "config.json", "{\"k\":1}".getBytes());
        return m;
    }

    static Stream<Arguments> compressionsAndLevels() {
        List<Arguments> all = new ArrayList<>();
        for (Compression c : Compression.values()) {
            for (int level : new int[] {1, 6, 9}) {
                all.add(Arguments.of(c, level));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} level {1}")
    @MethodSource("compressionsAndLevels")
    void round_trip_keeps_every_byte_and_reports_the_jdk_sha256(Compression c, int level) throws IOException {
        Map<String, byte[]> contents = contents(level);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        List<EntryResult> written = new ArrayList<>();
        try (ArchiveWriter w = new ArchiveWriter(sink, c, level, 2)) {
            contents.forEach((name, data) -> written.add(w.addStream(name, new ByteArrayInputStream(data), data.length)));
            w.finish();
        }
        for (EntryResult r : written) {
            assertThat(r.sha256()).isEqualTo(Archives.sha256(contents.get(r.name())));
            assertThat(r.size()).isEqualTo(contents.get(r.name()).length);
        }
        assertThat(ArchiveReader.detect(Arrays.copyOf(sink.toByteArray(), 512))).isEqualTo(c);

        Map<String, byte[]> read = new LinkedHashMap<>();
        List<EntryResult> scanned = ArchiveReader.scan(new ByteArrayInputStream(sink.toByteArray()), c,
                ArchiveReader.Limits.unlimited(), (name, size, in) -> read.put(name, in.readAllBytes()));
        assertThat(scanned).isEqualTo(written);
        assertThat(read.keySet()).containsExactlyElementsOf(contents.keySet());
        contents.forEach((name, data) -> assertThat(read.get(name)).as(name).isEqualTo(data));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void real_tar_lists_and_extracts_what_we_wrote(Compression c) throws Exception {
        Map<String, byte[]> contents = contents(99);
        Path archive = dir.resolve("backup" + c.extension());
        try (OutputStream out = Files.newOutputStream(archive); ArchiveWriter w = new ArchiveWriter(out, c, 6, 2)) {
            contents.forEach((name, data) -> w.addBytes(name, data));
            w.finish();
        }
        String flag = switch (c) {
            case NONE -> "-tf";
            case GZIP -> "-tzf";
            case ZSTD -> "--zstd -tf";
        };
        List<String> listCommand = new ArrayList<>(List.of("tar"));
        listCommand.addAll(List.of(flag.split(" ")));
        listCommand.add(archive.toString());
        String listing = Archives.run(dir, listCommand.toArray(String[]::new));
        assertThat(listing.lines().toList()).containsExactlyElementsOf(contents.keySet());

        Path out = Files.createDirectory(dir.resolve("out"));
        String extractFlag = switch (c) {
            case NONE -> "-xf";
            case GZIP -> "-xzf";
            case ZSTD -> "--zstd -xf";
        };
        List<String> extract = new ArrayList<>(List.of("tar"));
        extract.addAll(List.of(extractFlag.split(" ")));
        extract.addAll(List.of(archive.toString(), "-C", out.toString()));
        Archives.run(dir, extract.toArray(String[]::new));
        for (Map.Entry<String, byte[]> e : contents.entrySet()) {
            assertThat(Files.readAllBytes(out.resolve(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue());
        }
        String verbose = Archives.run(dir, "tar", "-tvf", archive.toString());
        assertThat(verbose).contains("-rw-r----- cartographus/cartographus");
        if (c == Compression.GZIP) {
            Archives.run(dir, "gzip", "-t", archive.toString());
        }
        if (c == Compression.ZSTD) {
            Archives.run(dir, "zstd", "-t", "-q", archive.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void add_file_copies_exactly_length_bytes_of_a_growing_file(Compression c) throws Exception {
        Path file = dir.resolve("live.duckdb");
        byte[] start = Archives.mixed(new Random(5), 6 * 1024 * 1024);
        Files.write(file, start);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong appended = new AtomicLong();
        Thread appender = new Thread(() -> {
            byte[] more = new byte[64 * 1024];
            Arrays.fill(more, (byte) 0x5a);
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
                while (!stop.get()) {
                    out.write(more);
                    appended.addAndGet(more.length);
                    Thread.onSpinWait();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "appender");
        appender.start();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        EntryResult result;
        try (ArchiveWriter w = new ArchiveWriter(sink, c, 1, 2)) {
            // Let the file grow past the length before and while we copy.
            while (appended.get() < 1024 * 1024) {
                Thread.onSpinWait();
            }
            result = w.addFile("database/live.duckdb", file, start.length);
            w.finish();
        } finally {
            stop.set(true);
            appender.join();
        }
        assertThat(Files.size(file)).isGreaterThan(start.length);
        assertThat(result).isEqualTo(new EntryResult("database/live.duckdb", start.length, Archives.sha256(start)));
        Path out = Files.createDirectory(dir.resolve("out"));
        ArchiveReader.extract(new ByteArrayInputStream(sink.toByteArray()), c, out, ArchiveReader.Limits.unlimited());
        assertThat(Files.readAllBytes(out.resolve("database/live.duckdb"))).isEqualTo(start);
    }

    @Test
    void a_source_shorter_than_its_length_fails_the_writer() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ArchiveWriter w = new ArchiveWriter(sink, Compression.GZIP, 6, 2)) {
            assertThatThrownBy(() -> w.addStream("short", new ByteArrayInputStream(new byte[10]), 11))
                    .isInstanceOf(BackupException.class)
                    .hasMessageContaining("'short'").hasMessageContaining("ended after 10 of 11 bytes")
                    .extracting(e -> ((BackupException) e).kind()).isEqualTo(ErrorKind.INTERNAL);
            assertThatThrownBy(w::finish).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void a_file_shorter_than_its_length_fails_and_names_the_file() throws IOException {
        Path file = Files.write(dir.resolve("small.db"), new byte[100]);
        try (ArchiveWriter w = new ArchiveWriter(new ByteArrayOutputStream(), Compression.ZSTD, 3, 1)) {
            assertThatThrownBy(() -> w.addFile("database/small.db", file, 200))
                    .isInstanceOf(BackupException.class).hasMessageContaining(file.toString())
                    .hasMessageContaining("ended after 100 of 200 bytes");
        }
    }

    @Test
    void a_stream_longer_than_its_length_is_cut_at_the_length() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ArchiveWriter w = new ArchiveWriter(sink, Compression.NONE, 6, 1)) {
            EntryResult r = w.addStream("cut", new ByteArrayInputStream("abcdef".getBytes()), 3);
            w.finish();
            assertThat(r).isEqualTo(new EntryResult("cut", 3, Archives.sha256("abc".getBytes())));
        }
    }

    @Test
    void finish_does_not_close_the_sink_and_a_failed_writer_writes_nothing_more() throws IOException {
        CountingSink finished = new CountingSink();
        try (ArchiveWriter w = new ArchiveWriter(finished, Compression.ZSTD, 3, 2)) {
            w.addBytes("a", new byte[1000]);
            w.finish();
        }
        assertThat(finished.closed).isFalse();
        finished.write(1); // still usable by its owner

        CountingSink abandoned = new CountingSink();
        try (ArchiveWriter w = new ArchiveWriter(abandoned, Compression.GZIP, 6, 2)) {
            w.addBytes("a", Archives.mixed(new Random(1), 3 * BLOCK));
            long before = abandoned.size();
            assertThatThrownBy(() -> w.addStream("b", InputStream.nullInputStream(), 5)).isInstanceOf(BackupException.class);
            w.close();
            assertThat(abandoned.size()).isEqualTo(before);
        }
        assertThat(abandoned.closed).isFalse();
    }

    @Test
    void disk_full_on_the_sink_is_reported_as_no_space() {
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        try (ArchiveWriter w = new ArchiveWriter(full, Compression.NONE, 6, 1)) {
            assertThatThrownBy(() -> w.addBytes("big", new byte[100_000]))
                    .isInstanceOf(BackupException.class).hasMessageContaining("'big'")
                    .extracting(e -> ((BackupException) e).kind()).isEqualTo(ErrorKind.NO_SPACE);
        }
    }

    @Test
    void refuses_names_the_reader_would_refuse() {
        try (ArchiveWriter w = new ArchiveWriter(new ByteArrayOutputStream(), Compression.NONE, 6, 1)) {
            for (String bad : List.of("/etc/passwd", "../x", "a/../b", "a\\b", "", "x".repeat(256))) {
                assertThatThrownBy(() -> w.addBytes(bad, new byte[1])).as(bad).isInstanceOf(IllegalArgumentException.class);
            }
            w.addBytes("a", new byte[1]);
            assertThatThrownBy(() -> w.addBytes("a", new byte[1])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("twice");
        }
    }

    private static final class CountingSink extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }
}
