package io.cartographus.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Trigger;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.testing.Archives;
import io.cartographus.testing.TestEngine;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImporterTest {
    @TempDir
    static Path shared;
    private static byte[] good;

    @TempDir
    Path tmp;
    private Path elsewhere;

    @BeforeAll
    static void aGoodArchive() throws Exception {
        try (TestEngine other = TestEngine.open(shared.resolve("source"))) {
            other.seed(30);
            good = Files.readAllBytes(other.archive(other.backup(BackupType.FULL)));
        }
    }

    @BeforeEach
    void dirs() {
        elsewhere = tmp.resolve("elsewhere");
    }

    /** A backup made on another server, copied out; returns the copy. */
    private Path exported(BackupType type, long events, String... env) throws Exception {
        try (TestEngine other = TestEngine.open(elsewhere, env)) {
            other.seed(events);
            BackupRecord b = other.backup(type);
            Path copy = tmp.resolve(b.fileName());
            Files.copy(other.archive(b), copy);
            return copy;
        }
    }

    @Test
    void an_archive_from_another_server_becomes_a_new_verified_backup() throws Exception {
        Path file = exported(BackupType.FULL, 70);
        String original = file.getFileName().toString().replace("backup-", "").replace(".tar.gz", "");
        try (TestEngine t = TestEngine.open(tmp.resolve("data"))) {
            ImportOutcome o = t.engine().importer().importFile(file);
            assertThat(o.status()).as(o.message()).isEqualTo(ImportOutcome.Status.IMPORTED);
            BackupRecord r = o.record();
            assertThat(r.id()).matches("\\d{8}-\\d{6}-full(-\\d+)?");
            assertThat(r.status()).isEqualTo(BackupStatus.COMPLETED);
            assertThat(r.trigger()).isEqualTo(Trigger.MANUAL);
            assertThat(r.notes()).isEqualTo("imported from " + original);
            assertThat(r.verification().passed()).isTrue();
            assertThat(r.recordCount()).isEqualTo(70);
            assertThat(r.fileName()).isEqualTo("backup-" + r.id() + ".tar.gz");
            assertThat(r.checksum()).isEqualTo(Archives.sha256(Files.readAllBytes(file)));
            assertThat(r.createdAt()).isBefore(r.completedAt().plusSeconds(1));
            Path dir = t.backupDir();
            assertThat(Files.readString(dir.resolve("backup-" + r.id() + ".sha256"))).isEqualTo(r.checksum() + "  " + r.fileName() + "\n");
            assertThat(dir.resolve("backup-" + r.id() + ".json")).exists();
            assertThat(TestEngine.names(dir)).noneMatch(n -> n.startsWith(".tmp-"));
            assertThat(Files.readAllBytes(dir.resolve(r.fileName()))).isEqualTo(Files.readAllBytes(file));
            assertThat(t.engine().verifier().validate(r).valid()).isTrue();

            RestoreResponse restored = t.restore(r.id(), false, null);
            assertThat(restored.success()).as(restored.toString()).isTrue();
            assertThat(t.events()).isEqualTo(70);
        }
    }

    @Test
    void the_same_archive_twice_is_a_duplicate() throws Exception {
        Path file = exported(BackupType.DATABASE, 10);
        try (TestEngine t = TestEngine.open(tmp.resolve("data"))) {
            String first = t.engine().importer().importFile(file).record().id();
            Set<String> before = TestEngine.names(t.backupDir());
            ImportOutcome again = t.engine().importer().importFile(file);
            assertThat(again.status()).isEqualTo(ImportOutcome.Status.DUPLICATE);
            assertThat(again.duplicateOf()).isEqualTo(first);
            assertThat(again.message()).contains("same SHA-256");
            assertThat(TestEngine.names(t.backupDir())).isEqualTo(before);
        }
    }

    @Test
    void an_archive_whose_manifest_names_an_existing_backup_is_a_duplicate() throws Exception {
        try (TestEngine t = TestEngine.open(tmp.resolve("data"))) {
            t.seed(5);
            BackupRecord b = t.backup(BackupType.FULL);
            // Same content, other bytes: re-packed, so the SHA-256 differs but the manifest still says b.
            byte[] repacked = Archives.withManifest(t.archive(b), m -> m.put("app_version", "repacked"));
            ImportOutcome o = t.engine().importer().receive(new ByteArrayInputStream(repacked), repacked.length);
            assertThat(o.status()).isEqualTo(ImportOutcome.Status.DUPLICATE);
            assertThat(o.duplicateOf()).isEqualTo(b.id());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"random bytes", "truncated", "bit flip", "empty", "not compressed text"})
    void an_invalid_archive_is_refused_with_the_report_and_leaves_nothing(String damage) throws Exception {
        Random random = new Random(42);
        byte[] bad = switch (damage) {
            case "random bytes" -> {
                byte[] b = new byte[100_000];
                random.nextBytes(b);
                yield b;
            }
            case "truncated" -> Arrays.copyOf(good, good.length * 2 / 3);
            case "bit flip" -> {
                byte[] b = good.clone();
                b[b.length / 2] ^= 0x04;
                yield b;
            }
            case "empty" -> new byte[0];
            default -> "hello, this is not an archive".getBytes(StandardCharsets.UTF_8);
        };
        try (TestEngine t = TestEngine.open(tmp.resolve("data"))) {
            Set<String> before = TestEngine.names(t.backupDir());
            ImportOutcome o = t.engine().importer().receive(new ByteArrayInputStream(bad), bad.length);
            assertThat(o.status()).isEqualTo(ImportOutcome.Status.INVALID);
            assertThat(o.validation().valid()).isFalse();
            assertThat(o.validation().errors()).isNotEmpty();
            assertThat(o.message()).startsWith("the archive is not a valid backup");
            assertThat(TestEngine.names(t.backupDir())).isEqualTo(before);
            assertThat(t.engine().catalog().all()).isEmpty();
        }
    }

    @Test
    void a_zstd_archive_keeps_its_extension() throws Exception {
        Path file = exported(BackupType.DATABASE, 12, "BACKUP_COMPRESSION_ALGORITHM", "zstd");
        try (TestEngine t = TestEngine.open(tmp.resolve("data"))) {
            ImportOutcome o = t.engine().importer().importFile(file);
            assertThat(o.record().fileName()).isEqualTo("backup-" + o.record().id() + ".tar.zst");
            assertThat(o.record().compression().algorithm()).isEqualTo("zstd");
        }
    }

    @Test
    void an_upload_that_cannot_fit_is_refused_before_it_is_read() throws Exception {
        try (TestEngine t = TestEngine.open(tmp.resolve("data"))) {
            Set<String> before = TestEngine.names(t.backupDir());
            InputStream never = new InputStream() {
                @Override
                public int read() {
                    throw new AssertionError("the body must not be read");
                }
            };
            assertThatThrownBy(() -> t.engine().importer().receive(never, Long.MAX_VALUE / 4))
                    .isInstanceOf(BackupException.class).extracting(e -> ((BackupException) e).kind()).isEqualTo(ErrorKind.NO_SPACE);
            assertThat(TestEngine.names(t.backupDir())).isEqualTo(before);
        }
    }
}
