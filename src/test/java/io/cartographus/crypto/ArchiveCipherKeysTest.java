package io.cartographus.crypto;

import static io.cartographus.crypto.TestCiphers.KEY_A;
import static io.cartographus.crypto.TestCiphers.KEY_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.config.EncryptionConfig;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ArchiveCipherKeysTest {
    @TempDir
    Path dir;

    private final byte[] plaintext = TestCiphers.random(20_000, 1);

    @Test
    void wrong_key_is_refused_naming_the_key_id() throws IOException {
        Path file = TestCiphers.encrypt(TestCiphers.cipher("prod-2025", KEY_A, Map.of()), plaintext, dir.resolve("a.enc"));
        ArchiveCipher wrong = TestCiphers.cipher("prod-2025", KEY_B, Map.of());

        assertThatThrownBy(() -> wrong.decrypting(Files.newInputStream(file), "backup-x.tar.gz.enc"))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("backup-x.tar.gz.enc", "'prod-2025'", "not the key");
                    assertThat(e.getMessage() + e.hint()).doesNotContain(KEY_A, KEY_B);
                });
    }

    @Test
    void missing_key_id_is_refused_saying_how_to_configure_it() throws IOException {
        Path file = TestCiphers.encrypt(TestCiphers.cipher("old-2024", KEY_A, Map.of()), plaintext, dir.resolve("a.enc"));
        ArchiveCipher other = TestCiphers.cipher("new-2026", KEY_B, Map.of());

        assertThatThrownBy(() -> other.decrypting(Files.newInputStream(file)))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("'old-2024'", "not configured", "new-2026");
                    assertThat(e.hint()).contains("BACKUP_ENCRYPTION_OLD_KEYS", "old-2024=");
                });
    }

    @Test
    void backups_made_before_a_rotation_decrypt_with_the_old_key() throws IOException {
        Path before = TestCiphers.encrypt(TestCiphers.cipher("a", KEY_A, Map.of()), plaintext, dir.resolve("a.enc"));
        ArchiveCipher rotated = TestCiphers.cipher("b", KEY_B, Map.of("a", KEY_A));
        Path after = TestCiphers.encrypt(rotated, plaintext, dir.resolve("b.enc"));

        assertThat(TestCiphers.decrypt(rotated, before)).isEqualTo(plaintext);
        assertThat(TestCiphers.decrypt(rotated, after)).isEqualTo(plaintext);
        assertThat(ArchiveCipher.readHeader(Files.newInputStream(after)).keyId()).isEqualTo("b");
        assertThat(rotated.currentKeyId()).isEqualTo("b");
    }

    @Test
    void cipher_without_a_current_key_decrypts_old_backups_but_refuses_to_encrypt() throws IOException {
        Path file = TestCiphers.encrypt(TestCiphers.cipher("a", KEY_A, Map.of()), plaintext, dir.resolve("a.enc"));
        ArchiveCipher decryptOnly = TestCiphers.cipher(null, null, Map.of("a", KEY_A));

        assertThat(TestCiphers.decrypt(decryptOnly, file)).isEqualTo(plaintext);
        assertThat(decryptOnly.currentKeyId()).isNull();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertThatThrownBy(() -> decryptOnly.encrypting(sink))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
                .hasMessageContaining("BACKUP_ENCRYPTION_KEY");
        assertThat(sink.size()).isZero();
    }

    @Test
    void key_without_id_is_written_under_the_default_id() throws IOException {
        ArchiveCipher cipher = TestCiphers.cipher(null, KEY_A, Map.of());
        Path file = TestCiphers.encrypt(cipher, plaintext, dir.resolve("a.enc"));

        assertThat(ArchiveCipher.readHeader(Files.newInputStream(file)).keyId()).isEqualTo(ArchiveCipher.DEFAULT_KEY_ID);
        assertThat(TestCiphers.decrypt(TestCiphers.cipher("x", KEY_B, Map.of("default", KEY_A)), file)).isEqualTo(plaintext);
    }

    @Test
    void cipher_from_config_uses_current_and_old_keys() {
        ArchiveCipher cipher = ArchiveCipher.fromConfig(new EncryptionConfig(true, KEY_B, "b", Map.of("a", KEY_A)));

        assertThat(cipher.currentKeyId()).isEqualTo("b");
        assertThat(cipher.toString()).contains("a", "b").doesNotContain(KEY_A, KEY_B);
    }

    static Stream<Arguments> badConfigurations() {
        return Stream.of(
                Arguments.of("short key", "a", "too-short-key", Map.of(), "at least 32"),
                Arguments.of("short old key", "a", KEY_A, Map.of("b", "short"), "BACKUP_ENCRYPTION_OLD_KEYS"),
                Arguments.of("id with =", "a=b", KEY_A, Map.of(), "BACKUP_ENCRYPTION_KEY_ID"),
                Arguments.of("id with space", "my key", KEY_A, Map.of(), "BACKUP_ENCRYPTION_KEY_ID"),
                Arguments.of("id of 65 characters", "k".repeat(65), KEY_A, Map.of(), "1 to 64"),
                Arguments.of("empty old id", "a", KEY_A, Map.of("", KEY_B), "BACKUP_ENCRYPTION_OLD_KEYS"),
                Arguments.of("current id reused with another key", "a", KEY_A, Map.of("a", KEY_B), "exactly one key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigurations")
    void refuses_bad_key_configuration_without_echoing_keys(String name, String id, String key, Map<String, String> old,
            String expected) {
        assertThatThrownBy(() -> new ArchiveCipher(id, key, old))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains(expected).doesNotContain(key);
                    old.values().forEach(k -> assertThat(e.getMessage()).doesNotContain(k));
                });
    }

    @Test
    void same_key_under_the_current_id_and_in_old_keys_is_accepted() {
        assertThat(new ArchiveCipher("a", KEY_A, Map.of("a", KEY_A)).currentKeyId()).isEqualTo("a");
    }
}
