package io.cartographus.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadAheadInputStreamTest {
    /** A source that hands out its bytes in odd-sized pieces, can fail after some bytes, and records misuse. */
    private static final class Source extends InputStream {
        private final InputStream bytes;
        private final long failAfter;
        private final Exception failure;
        private final Random random;
        private long served;
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicBoolean readAfterClose = new AtomicBoolean();
        volatile Thread readBy;

        Source(byte[] content, long failAfter, Exception failure, long seed) {
            this.bytes = new ByteArrayInputStream(content);
            this.failAfter = failAfter;
            this.failure = failure;
            this.random = new Random(seed);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            readBy = Thread.currentThread();
            if (closed.get()) {
                readAfterClose.set(true);
            }
            if (served >= failAfter) {
                if (failure instanceof IOException io) {
                    throw io;
                }
                throw (RuntimeException) failure;
            }
            int want = (int) Math.min(Math.min(len, 1 + random.nextInt(70_000)), failAfter - served);
            int n = bytes.read(b, off, want);
            if (n > 0) {
                served += n;
            }
            return n;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    private static byte[] content(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] readAll(InputStream in, Random random) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[100_000];
        while (true) {
            int n = random.nextInt(10) == 0 ? in.read() : in.read(buf, 0, 1 + random.nextInt(buf.length));
            if (n < 0) {
                return out.toByteArray();
            }
            if (buf.length > 0 && n >= 0) {
                out.write(buf, 0, n);
            }
        }
    }

    @ParameterizedTest(name = "{0} bytes in chunks of {1}, {2} ahead")
    @CsvSource({"0, 1024, 1", "1, 1024, 1", "1024, 1024, 2", "1025, 1024, 2", "1000000, 65536, 4", "3000001, 262144, 8"})
    void hands_on_every_byte_in_order(int size, int chunk, int depth) throws IOException {
        byte[] expected = content(size, size);
        Random random = new Random(7);
        try (ReadAheadInputStream in = new ReadAheadInputStream(new Source(expected, Long.MAX_VALUE, null, 3), chunk, depth, "t")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[1 + random.nextInt(200_000)];
            int n;
            while ((n = in.read(buf, 0, buf.length)) >= 0) {
                out.write(buf, 0, n);
            }
            assertThat(out.toByteArray()).isEqualTo(expected);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void reads_on_its_own_thread() throws IOException {
        Source source = new Source(content(10_000, 1), Long.MAX_VALUE, null, 1);
        try (ReadAheadInputStream in = new ReadAheadInputStream(source, 1024, 2, "archive-read-test")) {
            in.readAllBytes();
        }
        assertThat(source.readBy.getName()).isEqualTo("archive-read-test");
    }

    @Test
    void a_read_failure_reaches_the_caller_after_the_bytes_before_it() {
        IOException failure = new IOException("bad zstd frame");
        byte[] bytes = content(500_000, 2);
        ReadAheadInputStream in = new ReadAheadInputStream(new Source(bytes, 300_000, failure, 2), 64 * 1024, 3, "t");
        byte[] first = new byte[300_000];
        assertThatThrownBy(() -> {
            int got = 0;
            while (got < first.length) {
                got += in.read(first, got, first.length - got);
            }
            assertThat(first).isEqualTo(java.util.Arrays.copyOf(bytes, 300_000));
            in.read();
        }).isSameAs(failure);
        assertThatThrownBy(in::read).as("a later read fails again, never a clean end").isSameAs(failure);
    }

    @Test
    void an_engine_exception_from_the_source_passes_through_unchanged() {
        BackupException failure = new BackupException(ErrorKind.CORRUPT_ARCHIVE, "segment 3 failed authentication");
        ReadAheadInputStream in = new ReadAheadInputStream(new Source(content(1000, 3), 0, failure, 3), 256, 1, "t");
        assertThatThrownBy(() -> readAll(in, new Random(1))).isSameAs(failure);
    }

    @Test
    void close_before_the_end_stops_the_reader_before_closing_the_source() throws Exception {
        for (int i = 0; i < 20; i++) {
            Source source = new Source(content(5_000_000, i), Long.MAX_VALUE, null, i);
            ReadAheadInputStream in = new ReadAheadInputStream(source, 4096, 2, "t");
            in.read(new byte[10_000]);
            in.close();
            assertThat(source.closed).isTrue();
            Thread.sleep(5);
            assertThat(source.readAfterClose).as("the source is never read once closed").isFalse();
        }
    }
}
