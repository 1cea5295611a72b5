package io.cartographus.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cartographus.config.Compression;
import io.cartographus.backup.ArchiveSettings;
import io.cartographus.backup.BackupContext;
import io.cartographus.backup.BackupJob;
import io.cartographus.backup.BackupListener;
import io.cartographus.backup.BackupRequest;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Catalog;
import io.cartographus.catalog.Trigger;
import io.cartographus.crypto.ArchiveCipher;
import io.cartographus.crypto.EncryptionParameters;
import io.cartographus.database.Database;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Validation of encrypted archives written by the real backup job on a real DuckDB file: all four
 * checks with the key; without it (or with a wrong one) the checksum alone, and errors that say
 * which key id is needed and where to configure it.
 */
class EncryptedValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final String K1 = "k1-key-0123456789abcdef0123456789abcdef";
    private static final String K2 = "k2-key-fedcba9876543210fedcba9876543210";
    /** Cheap Argon2id: the cost under test is correctness, not the key derivation. */
    private static final EncryptionParameters FAST = new EncryptionParameters(64, 1, 1, 4096);

    @TempDir
    Path tmp;
    private Database database;
    private Catalog catalog;

    @BeforeEach
    void openDatabase() {
        database = new Database(tmp.resolve("db").resolve("cartographus.duckdb"));
        database.open();
        database.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO playback_events SELECT 'e' || i, i % 7, 'user' || (i % 7), 'Title ' || i, 'movie', "
                        + "TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_seconds(i), TIMESTAMPTZ '2026-01-01 01:00:00+00' + to_seconds(i), "
                        + "3600, NULL, 'Web', 'Phone', 'Berlin', 'DE', 52.5, 13.4, now() FROM range(500) t(i)");
            }
            return null;
        });
        catalog = Catalog.open(tmp.resolve("backups"), JSON);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    private BackupRecord backup(BackupType type, ArchiveCipher cipher) {
        BackupJob job = new BackupJob(database, catalog, new ArchiveSettings(Compression.GZIP, 3, 1, cipher, cipher.currentKeyId()),
                new BackupContext(() -> "{\"environment\":{}}".getBytes(StandardCharsets.UTF_8), BackupListener.NONE,
                        Clock.systemUTC(), "test", false, 0), JSON);
        return job.run(new BackupRequest(type, Trigger.MANUAL, null));
    }

    private ValidationReport validate(BackupRecord r, ArchiveCipher cipher) {
        return new ArchiveVerifier(catalog.files(), cipher, JSON).validate(r);
    }

    @ParameterizedTest
    @EnumSource(BackupType.class)
    void an_encrypted_backup_of_each_type_passes_all_four_checks(BackupType type) throws IOException {
        ArchiveCipher k1 = new ArchiveCipher("k1", K1, Map.of(), FAST);
        BackupRecord r = backup(type, k1);
        assertThat(r.fileName()).endsWith(".tar.gz.enc");
        assertThat(r.encryption().keyId()).isEqualTo("k1");
        try (InputStream in = Files.newInputStream(catalog.files().archive(r.fileName()))) {
            assertThat(ArchiveCipher.isEncrypted(in.readNBytes(8))).isTrue();
        }
        ValidationReport v = validate(r, k1);
        assertThat(v.valid()).as(v.errors().toString()).isTrue();
        assertThat(v.checksumValid() && v.archiveReadable() && v.filesComplete() && v.databaseValid()).isTrue();
    }

    @Test
    void after_a_rotation_the_old_key_reads_old_backups() {
        BackupRecord old = backup(BackupType.FULL, new ArchiveCipher("k1", K1, Map.of(), FAST));
        ValidationReport v = validate(old, new ArchiveCipher("k2", K2, Map.of("k1", K1), FAST));
        assertThat(v.valid()).as(v.errors().toString()).isTrue();
    }

    @Test
    void without_the_key_only_the_checksum_is_checked_and_the_error_names_the_key_id_and_the_variable() {
        BackupRecord r = backup(BackupType.FULL, new ArchiveCipher("k1", K1, Map.of(), FAST));
        for (ArchiveCipher withoutK1 : new ArchiveCipher[] {null, new ArchiveCipher("k2", K2, Map.of(), FAST)}) {
            ValidationReport v = validate(r, withoutK1);
            assertThat(v.checksumValid()).as("the checksum covers the ciphertext and needs no key").isTrue();
            assertThat(v.valid() || v.archiveReadable() || v.filesComplete() || v.databaseValid()).isFalse();
            assertThat(v.errors().get(0)).contains("key id 'k1'", "not configured", "BACKUP_ENCRYPTION_OLD_KEYS", "k1=<key>");
            assertThat(v.errors()).anySatisfy(e -> assertThat(e).contains("key", "skipped"));
        }
    }

    @Test
    void a_wrong_key_for_the_key_id_is_called_a_wrong_key() {
        BackupRecord r = backup(BackupType.DATABASE, new ArchiveCipher("k1", K1, Map.of(), FAST));
        ValidationReport v = validate(r, new ArchiveCipher("k2", K2, Map.of("k1", K2.replace('k', 'K')), FAST));
        assertThat(v.checksumValid()).isTrue();
        assertThat(v.archiveReadable()).isFalse();
        assertThat(v.errors().get(0)).contains("wrong key", "'k1'", "BACKUP_ENCRYPTION_OLD_KEYS");
    }

    @Test
    void a_flipped_ciphertext_byte_fails_the_checksum_and_the_authentication() throws IOException {
        ArchiveCipher k1 = new ArchiveCipher("k1", K1, Map.of(), FAST);
        BackupRecord r = backup(BackupType.DATABASE, k1);
        Path file = catalog.files().archive(r.fileName());
        long size = Files.size(file);
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, size / 2);
            b.put(0, (byte) (b.get(0) ^ 0x01)).rewind();
            ch.write(b, size / 2);
        }
        ValidationReport v = validate(r, k1);
        assertThat(v.checksumValid()).isFalse();
        assertThat(v.archiveReadable()).isFalse();
        assertThat(v.errors()).anySatisfy(e -> assertThat(e).contains("authentication failed"));
    }
}
