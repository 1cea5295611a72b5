package io.cartographus.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.testing.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apart from ImporterTest because each key derivation (Argon2id) takes a while. */
class EncryptedImportTest {
    private static final String KEY = "an-encryption-key-of-at-least-32-characters";

    @TempDir
    Path tmp;

    private Path exported(BackupType type, long events, String... env) throws Exception {
        try (TestEngine other = TestEngine.open(tmp.resolve("elsewhere"), env)) {
            other.seed(events);
            BackupRecord b = other.backup(type);
            Path copy = tmp.resolve(b.fileName());
            Files.copy(other.archive(b), copy);
            return copy;
        }
    }

    @Test
    void an_encrypted_archive_needs_its_key_and_keeps_its_key_id() throws Exception {
        Path file = exported(BackupType.FULL, 15, "BACKUP_ENCRYPTION_ENABLED", "true", "BACKUP_ENCRYPTION_KEY", KEY,
                "BACKUP_ENCRYPTION_KEY_ID", "k1");
        assertThat(file.getFileName().toString()).endsWith(".tar.gz.enc");
        try (TestEngine keyless = TestEngine.open(tmp.resolve("keyless"))) {
            ImportOutcome o = keyless.engine().importer().importFile(file);
            assertThat(o.status()).isEqualTo(ImportOutcome.Status.INVALID);
            assertThat(o.validation().errors()).anyMatch(e -> e.contains("key id 'k1'"));
        }
        try (TestEngine t = TestEngine.open(tmp.resolve("data"), "BACKUP_ENCRYPTION_OLD_KEYS", "k1=" + KEY)) {
            ImportOutcome o = t.engine().importer().importFile(file);
            assertThat(o.status()).as(o.message()).isEqualTo(ImportOutcome.Status.IMPORTED);
            assertThat(o.record().fileName()).endsWith(".tar.gz.enc");
            assertThat(o.record().encryption().keyId()).isEqualTo("k1");
        }
    }

}
