package io.cartographus.crypto;

import static io.cartographus.crypto.TestCiphers.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ArchiveCipherTamperTest {
    /** Header of key id "a", 16-byte salt: prefix 9, id 2 + 1, kdf 1 + 12, salt 1 + 16, segment 4, check 16. */
    private static final int HEADER = 62;
    private static final int SEGMENT = TestCiphers.FAST.segmentSize();
    /** Five segments; the last one partly filled. */
    private static final int PLAINTEXT_SIZE = 4 * (SEGMENT - 16) + 1000;

    @TempDir
    Path dir;

    private final ArchiveCipher cipher = TestCiphers.cipher("a", KEY_A, Map.of());
    private final byte[] plaintext = TestCiphers.random(PLAINTEXT_SIZE, 42);
    private byte[] archive;

    @BeforeEach
    void encrypt() throws IOException {
        archive = Files.readAllBytes(TestCiphers.encrypt(cipher, plaintext, dir.resolve("archive.enc")));
    }

    @Test
    void layout_is_as_documented() throws IOException {
        assertThat(HeaderFormat.read(new java.io.ByteArrayInputStream(archive), "x").bytes()).hasSize(HEADER);
        assertThat(archive).hasSize(HEADER + 40 + PLAINTEXT_SIZE + 5 * 16);
    }

    static Stream<Arguments> flips() {
        int end = HEADER + 40 + PLAINTEXT_SIZE + 5 * 16;
        return Stream.of(
                Arguments.of("magic", 0), Arguments.of("magic terminator", 5), Arguments.of("version", 6),
                Arguments.of("header length", 8), Arguments.of("key id length", 10), Arguments.of("key id", 11),
                Arguments.of("kdf id", 12), Arguments.of("memory, high byte", 13), Arguments.of("memory, low byte", 16),
                Arguments.of("iterations", 20), Arguments.of("parallelism", 24), Arguments.of("salt length", 25),
                Arguments.of("salt", 30), Arguments.of("segment size", 44), Arguments.of("key check", 50),
                Arguments.of("tink header length byte", HEADER), Arguments.of("tink salt", HEADER + 5),
                Arguments.of("tink nonce prefix", HEADER + 36), Arguments.of("first segment", HEADER + 100),
                Arguments.of("first segment tag", HEADER + SEGMENT - 1), Arguments.of("middle segment", HEADER + 2 * SEGMENT + 7),
                Arguments.of("last segment", end - 500), Arguments.of("final tag", end - 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flips")
    void detects_a_flipped_byte(String where, int offset) {
        byte[] modified = archive.clone();
        modified[offset] ^= 0x01;

        assertRefusedWithoutWrongPlaintext(modified);
    }

    /** Lengths to cut the file to; negative ones count from the end. */
    @ParameterizedTest
    @MethodSource("cuts")
    void detects_truncation(int length) {
        assertRefusedWithoutWrongPlaintext(Arrays.copyOf(archive, length < 0 ? archive.length + length : length));
    }

    static Stream<Integer> cuts() {
        return Stream.of(0, 3, 6, 9, 30, HEADER - 1, HEADER, HEADER + 20, HEADER + 40, HEADER + SEGMENT,
                HEADER + 2 * SEGMENT, HEADER + 4 * SEGMENT, HEADER + 4 * SEGMENT + 1, -17, -16, -1);
    }

    @Test
    void detects_appended_bytes() {
        byte[] one = Arrays.copyOf(archive, archive.length + 1);
        byte[] segment = Arrays.copyOf(archive, archive.length + SEGMENT);
        System.arraycopy(archive, HEADER + SEGMENT, segment, archive.length, SEGMENT);

        assertRefusedWithoutWrongPlaintext(one);
        assertRefusedWithoutWrongPlaintext(segment);
    }

    @Test
    void detects_swapped_segments() {
        byte[] swapped = archive.clone();
        System.arraycopy(archive, HEADER + SEGMENT, swapped, HEADER + 2 * SEGMENT, SEGMENT);
        System.arraycopy(archive, HEADER + 2 * SEGMENT, swapped, HEADER + SEGMENT, SEGMENT);

        assertRefusedWithoutWrongPlaintext(swapped);
    }

    @ParameterizedTest
    @MethodSource("segments")
    void names_the_failed_segment_and_its_bytes(int segment, int first, int last) {
        byte[] modified = archive.clone();
        modified[first + 7] ^= 0x01;

        assertThatThrownBy(() -> readAll(modified))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CORRUPT_ARCHIVE))
                .hasMessageContaining("archive.enc")
                .hasMessageContaining("segment " + segment + " (file bytes " + first + ".." + last + ")");
    }

    static Stream<Arguments> segments() {
        return Stream.of(Arguments.of(0, HEADER + 40, HEADER + SEGMENT - 1),
                Arguments.of(1, HEADER + SEGMENT, HEADER + 2 * SEGMENT - 1),
                Arguments.of(2, HEADER + 2 * SEGMENT, HEADER + 3 * SEGMENT - 1),
                Arguments.of(4, HEADER + 4 * SEGMENT, HEADER + 40 + PLAINTEXT_SIZE + 5 * 16 - 1));
    }

    @Test
    void names_the_segment_a_truncated_file_ends_in() {
        int cut = HEADER + 3 * SEGMENT;
        assertThatThrownBy(() -> readAll(Arrays.copyOf(archive, cut)))
                .hasMessageContaining("segment 2 (file bytes " + (cut - SEGMENT) + ".." + (cut - 1) + ")");
        assertThatThrownBy(() -> readAll(Arrays.copyOf(archive, cut + 1)))
                .hasMessageContaining("segment 3 (file bytes " + cut + ".." + cut + ")");
        assertThatThrownBy(() -> readAll(Arrays.copyOf(archive, archive.length - 1)))
                .hasMessageContaining("segment 4 (file bytes " + (HEADER + 4 * SEGMENT) + ".." + (archive.length - 2) + ")");
    }

    @Test
    void closes_the_source_when_it_refuses_the_archive() {
        byte[] modified = archive.clone();
        modified[0] ^= 0x01;
        boolean[] closed = {false};
        InputStream source = new java.io.ByteArrayInputStream(modified) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };

        assertThatThrownBy(() -> cipher.decrypting(source)).isInstanceOf(BackupException.class);
        assertThat(closed[0]).isTrue();
    }

    @Test
    void close_detects_a_modified_tail_the_reader_never_reached() throws IOException {
        byte[] modified = archive.clone();
        modified[modified.length - 1] ^= 0x01;
        InputStream in = cipher.decrypting(new java.io.ByteArrayInputStream(modified), "archive.enc");

        assertThat(in.readNBytes(100)).isEqualTo(Arrays.copyOf(plaintext, 100));
        assertThatThrownBy(in::close)
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CORRUPT_ARCHIVE));
    }

    @Test
    void an_io_error_of_the_source_is_not_reported_as_tampering() throws IOException {
        IOException diskError = new IOException("disk error");
        InputStream failing = new java.io.FilterInputStream(new java.io.ByteArrayInputStream(archive)) {
            private int read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > HEADER + SEGMENT) {
                    throw diskError;
                }
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                return n;
            }
        };
        InputStream in = cipher.decrypting(failing);

        assertThatThrownBy(in::readAllBytes).isSameAs(diskError);
    }

    static Stream<Arguments> hostileHeaders() {
        byte[] salt = new byte[16];
        byte[] check = new byte[16];
        return Stream.of(
                Arguments.of("memory 4 GiB", new EncryptionHeader(1, "a", 4 * 1024 * 1024, 1, 1, salt, 4096, check)),
                Arguments.of("memory 2 GiB in KiB, overflowing", new EncryptionHeader(1, "a", Integer.MAX_VALUE, 1, 1, salt, 4096, check)),
                Arguments.of("a million iterations", new EncryptionHeader(1, "a", 64, 1_000_000, 1, salt, 4096, check)),
                Arguments.of("parallelism 0", new EncryptionHeader(1, "a", 64, 1, 0, salt, 4096, check)),
                Arguments.of("parallelism 10000", new EncryptionHeader(1, "a", 1024 * 1024, 1, 10_000, salt, 4096, check)),
                Arguments.of("segment size 2 GiB", new EncryptionHeader(1, "a", 64, 1, 1, salt, Integer.MAX_VALUE, check)),
                Arguments.of("segment size 16", new EncryptionHeader(1, "a", 64, 1, 1, salt, 16, check)),
                Arguments.of("key id of 10000 bytes", new EncryptionHeader(1, "k".repeat(10_000), 64, 1, 1, salt, 4096, check)),
                Arguments.of("key id with escape", new EncryptionHeader(1, "a\u001b[2J", 64, 1, 1, salt, 4096, check)),
                Arguments.of("salt of 8 bytes", new EncryptionHeader(1, "a", 64, 1, 1, new byte[8], 4096, check)),
                Arguments.of("version 2", new EncryptionHeader(2, "a", 64, 1, 1, salt, 4096, check)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileHeaders")
    void refuses_hostile_headers_quickly(String name, EncryptionHeader header) {
        byte[] bytes = HeaderFormat.encode(header);
        byte[] file = Arrays.copyOf(bytes, bytes.length + 10_000);

        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            assertThatThrownBy(() -> cipher.decrypting(new java.io.ByteArrayInputStream(file)))
                    .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CORRUPT_ARCHIVE))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
            assertThatThrownBy(() -> ArchiveCipher.readHeader(new java.io.ByteArrayInputStream(file)))
                    .isInstanceOf(BackupException.class);
        });
    }

    @Test
    void refuses_a_header_length_beyond_the_bound_before_reading_it() {
        byte[] file = Arrays.copyOf(archive, archive.length);
        ByteBuffer.wrap(file, 7, 2).putShort((short) 0xffff);

        assertThatThrownBy(() -> cipher.decrypting(new java.io.ByteArrayInputStream(file)))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CORRUPT_ARCHIVE))
                .hasMessageContaining("header length 65535");
    }

    @Test
    void refuses_a_file_that_is_not_encrypted() {
        assertThatThrownBy(() -> cipher.decrypting(new java.io.ByteArrayInputStream("ustar plain tar".getBytes())))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CORRUPT_ARCHIVE))
                .hasMessageContaining("not an encrypted");
    }

    /**
     * Reading and closing must throw, and whatever plaintext came out before must be a prefix of
     * the original: never silently wrong bytes.
     */
    private void assertRefusedWithoutWrongPlaintext(byte[] modified) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        assertThatThrownBy(() -> {
            try (InputStream in = cipher.decrypting(new java.io.ByteArrayInputStream(modified), "archive.enc")) {
                byte[] buf = new byte[1000];
                for (int n; (n = in.read(buf)) >= 0;) {
                    got.write(buf, 0, n);
                }
            }
        }).isInstanceOf(BackupException.class);
        assertThat(Arrays.copyOf(plaintext, got.size())).isEqualTo(got.toByteArray());
    }

    private void readAll(byte[] file) throws IOException {
        try (InputStream in = cipher.decrypting(new java.io.ByteArrayInputStream(file), "archive.enc")) {
            in.readAllBytes();
        }
    }
}
