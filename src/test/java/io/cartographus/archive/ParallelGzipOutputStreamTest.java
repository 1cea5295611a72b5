package io.cartographus.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.testing.Archives;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelGzipOutputStreamTest {
    private static final int BLOCK = ParallelGzipOutputStream.DEFAULT_BLOCK_SIZE;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} bytes, level {1}, {2} threads")
    @CsvSource({
        "0, 6, 1", "1, 6, 2", "32767, 1, 2", "32768, 9, 2", "32769, 6, 4",
        "262143, 6, 2", "262144, 6, 2", "262145, 6, 2", "524288, 1, 1", "3000001, 6, 4", "3000001, 9, 2"})
    void output_decompresses_to_the_input_with_jdk_and_commons_readers(int size, int level, int threads) throws IOException {
        byte[] input = Archives.mixed(new Random(size * 31L + level), size);
        byte[] gz = compress(input, level, threads, BLOCK);

        assertThat(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes()).isEqualTo(input);
        assertThat(new GzipCompressorInputStream(new ByteArrayInputStream(gz)).readAllBytes()).isEqualTo(input);
    }

    @Test
    void small_blocks_keep_matches_across_block_boundaries() throws IOException {
        // Blocks far smaller than the 32 KiB window: the dictionary carries over, so output is one member
        // that is smaller than independent blocks of highly repetitive data would be.
        byte[] input = new byte[1 << 20];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) "abcdefghij".charAt(i % 10);
        }
        byte[] gz = compress(input, 6, 3, 4096);
        assertThat(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes()).isEqualTo(input);
        // 256 blocks each ending in a 5-byte sync marker plus a few bytes of back-reference each.
        assertThat(gz.length).isLessThan(256 * 40);
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 4})
    void gzip_command_accepts_the_output(int threads) throws Exception {
        byte[] input = Archives.mixed(new Random(threads), 2 * BLOCK + 12345);
        Path file = dir.resolve("data-" + threads + ".gz");
        Files.write(file, compress(input, 6, threads, BLOCK));

        Archives.run(dir, "gzip", "-t", file.toString());
        Archives.run(dir, "gzip", "-d", "-k", file.toString());
        assertThat(Files.readAllBytes(dir.resolve("data-" + threads))).isEqualTo(input);
    }

    @Test
    void header_says_deflate_and_trailer_holds_crc_and_length() throws IOException {
        byte[] input = "hello, gzip".getBytes();
        byte[] gz = compress(input, 9, 1, BLOCK);
        assertThat(gz[0] & 0xff).isEqualTo(0x1f);
        assertThat(gz[1] & 0xff).isEqualTo(0x8b);
        assertThat(gz[2]).isEqualTo((byte) 8);
        assertThat(gz[8]).as("XFL for level 9").isEqualTo((byte) 2);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(input);
        int n = gz.length;
        long storedCrc = (gz[n - 8] & 0xffL) | (gz[n - 7] & 0xffL) << 8 | (gz[n - 6] & 0xffL) << 16 | (gz[n - 5] & 0xffL) << 24;
        assertThat(storedCrc).isEqualTo(crc.getValue());
        assertThat(gz[n - 4]).isEqualTo((byte) input.length);
    }

    @Test
    void finish_leaves_the_sink_open_and_close_closes_it() throws IOException {
        ClosingSink sink = new ClosingSink();
        ParallelGzipOutputStream gz = new ParallelGzipOutputStream(sink, 6, 2);
        gz.write(new byte[1000]);
        gz.finish();
        assertThat(sink.closed).isFalse();
        assertThatThrownBy(() -> gz.write(1)).isInstanceOf(IOException.class);
        gz.close();
        assertThat(sink.closed).isTrue();
    }

    @Test
    void compression_threads_are_named_daemons_and_end_with_the_stream() throws IOException {
        ParallelGzipOutputStream gz = new ParallelGzipOutputStream(new ByteArrayOutputStream(), 6, 2);
        gz.write(new byte[3 * BLOCK]);
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().startsWith("gzip-") && t.isDaemon());
        gz.close();
        // Tests run one at a time in this JVM, so any gzip thread still alive would be ours.
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("gzip-") && t.isAlive());
    }

    @Test
    void a_failing_sink_fails_the_write_and_close_still_releases() {
        OutputStream broken = new OutputStream() {
            private int writes;

            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (++writes > 1) {
                    throw new IOException("No space left on device");
                }
            }
        };
        assertThatThrownBy(() -> {
            try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(broken, 6, 2)) {
                byte[] data = Archives.mixed(new Random(7), 8 * BLOCK);
                gz.write(data);
                gz.finish();
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("No space left");
    }

    private static byte[] compress(byte[] input, int level, int threads, int blockSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, level, threads, blockSize)) {
            // Uneven write sizes cross block boundaries in every possible way.
            Random r = new Random(input.length);
            int pos = 0;
            while (pos < input.length) {
                int n = Math.min(input.length - pos, r.nextInt(70_000));
                gz.write(input, pos, n);
                pos += n;
            }
            gz.finish();
        }
        return out.toByteArray();
    }

    private static final class ClosingSink extends ByteArrayOutputStream {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }
}
