package io.cartographus.crypto;

import static io.cartographus.crypto.TestCiphers.FAST;
import static io.cartographus.crypto.TestCiphers.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ArchiveCipherRoundTripTest {
    @TempDir
    Path dir;

    private final ArchiveCipher cipher = TestCiphers.cipher("a", KEY_A, Map.of());

    /** Around the first segment's plaintext (4096 - 40 - 16) and a full one (4096 - 16). */
    static IntStream sizes() {
        int first = FAST.segmentSize() - 40 - 16;
        int full = FAST.segmentSize() - 16;
        return IntStream.of(0, 1, first - 1, first, first + 1, first + full - 1, first + full, first + full + 1,
                FAST.segmentSize() - 1, FAST.segmentSize(), FAST.segmentSize() + 1, 3 * 1024 * 1024 + 17);
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void decrypts_what_it_encrypted(int size) throws IOException {
        byte[] plaintext = TestCiphers.random(size, size);
        Path file = TestCiphers.encrypt(cipher, plaintext, dir.resolve("archive.enc"));

        assertThat(TestCiphers.decrypt(cipher, file)).isEqualTo(plaintext);
    }

    @Test
    void a_key_prepared_ahead_serves_one_archive_only_and_decrypts_like_any_other() throws IOException {
        byte[] plaintext = TestCiphers.random(20_000, 3);
        java.util.Set<String> salts = new java.util.HashSet<>();
        for (int i = 0; i < 4; i++) {
            if (i % 2 == 0) {
                cipher.prepareNext();
                cipher.prepareNext();
            }
            Path file = TestCiphers.encrypt(cipher, plaintext, dir.resolve("archive-" + i + ".enc"));
            assertThat(TestCiphers.decrypt(cipher, file)).isEqualTo(plaintext);
            try (InputStream in = Files.newInputStream(file)) {
                salts.add(HexFormat.of().formatHex(ArchiveCipher.readHeader(in).salt()));
            }
        }
        assertThat(salts).hasSize(4);
    }

    @Test
    void decrypts_when_written_and_read_in_odd_sized_pieces() throws IOException {
        byte[] plaintext = TestCiphers.random(50_000, 7);
        Random random = new Random(11);
        Path file = dir.resolve("archive.enc");
        try (OutputStream out = cipher.encrypting(Files.newOutputStream(file))) {
            for (int at = 0; at < plaintext.length;) {
                int n = Math.min(plaintext.length - at, random.nextInt(5000));
                if (n == 1) {
                    out.write(plaintext[at]);
                } else {
                    out.write(plaintext, at, n);
                }
                at += n;
            }
        }
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (InputStream in = cipher.decrypting(Files.newInputStream(file))) {
            byte[] buf = new byte[3000];
            while (true) {
                if (random.nextInt(4) == 0) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    got.write(b);
                } else {
                    int n = in.read(buf, 0, 1 + random.nextInt(buf.length));
                    if (n < 0) {
                        break;
                    }
                    got.write(buf, 0, n);
                }
            }
        }
        assertThat(got.toByteArray()).isEqualTo(plaintext);
    }

    @Test
    void decrypts_with_the_default_parameters() throws IOException {
        ArchiveCipher slow = new ArchiveCipher("a", KEY_A, Map.of());
        byte[] plaintext = TestCiphers.random(3 * 1024 * 1024, 3);
        long started = System.nanoTime();
        Path file = TestCiphers.encrypt(slow, plaintext, dir.resolve("archive.enc"));
        long encrypted = System.nanoTime();

        assertThat(TestCiphers.decrypt(slow, file)).isEqualTo(plaintext);
        System.out.printf("default parameters, 3 MiB: encrypt %d ms, decrypt %d ms (each includes one Argon2id)%n",
                (encrypted - started) / 1_000_000, (System.nanoTime() - encrypted) / 1_000_000);
        EncryptionHeader header = ArchiveCipher.readHeader(Files.newInputStream(file));
        assertThat(header.parameters()).isEqualTo(EncryptionParameters.defaults());
    }

    @Test
    void header_names_key_id_and_parameters_and_salt_differs_per_archive() throws IOException {
        byte[] plaintext = TestCiphers.random(10_000, 5);
        Path one = TestCiphers.encrypt(cipher, plaintext, dir.resolve("one.enc"));
        Path two = TestCiphers.encrypt(cipher, plaintext, dir.resolve("two.enc"));

        EncryptionHeader h1 = ArchiveCipher.readHeader(Files.newInputStream(one));
        EncryptionHeader h2 = ArchiveCipher.readHeader(Files.newInputStream(two));
        assertThat(h1.version()).isEqualTo(1);
        assertThat(h1.keyId()).isEqualTo("a");
        assertThat(h1.parameters()).isEqualTo(FAST);
        assertThat(h1.salt()).hasSize(16).isNotEqualTo(h2.salt());
        assertThat(Files.readAllBytes(one)).isNotEqualTo(Files.readAllBytes(two));
    }

    @Test
    void recognizes_encrypted_archives_by_their_first_bytes() throws IOException {
        Path file = TestCiphers.encrypt(cipher, new byte[100], dir.resolve("archive.enc"));
        byte[] first = Files.readAllBytes(file);

        assertThat(ArchiveCipher.isEncrypted(first)).isTrue();
        assertThat(ArchiveCipher.isEncrypted(java.util.Arrays.copyOf(first, 6))).isTrue();
        assertThat(ArchiveCipher.isEncrypted(java.util.Arrays.copyOf(first, 5))).isFalse();
        assertThat(ArchiveCipher.isEncrypted(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0})).isFalse();
        assertThat(ArchiveCipher.isEncrypted(null)).isFalse();
    }

    @Test
    void hash_taken_under_the_cipher_is_the_sha256_of_the_file() throws Exception {
        Path file = dir.resolve("archive.enc");
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = cipher.encrypting(new DigestOutputStream(Files.newOutputStream(file), digest))) {
            out.write(TestCiphers.random(20_000, 9));
        }

        byte[] onDisk = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(HexFormat.of().formatHex(onDisk));
    }
}
