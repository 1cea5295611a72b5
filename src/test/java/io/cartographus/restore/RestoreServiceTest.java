package io.cartographus.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Trigger;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.testing.Archives;
import io.cartographus.testing.TestEngine;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreServiceTest {
    @TempDir
    Path tmp;

    @Test
    void restores_a_backup_in_process_and_counts_records_from_the_restored_file() {
        try (TestEngine t = TestEngine.open(tmp.resolve("data"))) {
            t.seed(300);
            BackupRecord b = t.backup(BackupType.FULL);
            t.seed(200);
            RestoreResponse r = t.restore(b.id(), null, null);
            assertThat(r.outcome()).as(r.toString()).isEqualTo(RestoreResponse.Outcome.RESTORED);
            assertThat(r.success()).isTrue();
            assertThat(r.recordsRestored()).isEqualTo(300);
            assertThat(t.events()).isEqualTo(300);
            assertThat(r.databaseRestored()).isTrue();
            BackupRecord pre = t.engine().catalog().get(r.preRestoreBackupId()).orElseThrow();
            assertThat(pre.trigger()).isEqualTo(Trigger.PRE_RESTORE);
            assertThat(pre.recordCount()).isEqualTo(500);
            assertThat(t.dataDir().resolve("restore.journal")).doesNotExist();
            assertThat(t.dataDir().resolve("cartographus.duckdb.before-restore")).doesNotExist();
        }
    }

    @Test
    void refuses_a_bit_flipped_archive_and_leaves_the_live_database_alone() throws Exception {
        try (TestEngine t = TestEngine.open(tmp.resolve("data"))) {
            t.seed(100);
            BackupRecord b = t.backup(BackupType.DATABASE);
            t.seed(50);
            try (RandomAccessFile f = new RandomAccessFile(t.archive(b).toFile(), "rw")) {
                f.seek(f.length() / 2);
                int x = f.read();
                f.seek(f.length() / 2);
                f.write(x ^ 0x10);
            }
            RestoreResponse r = t.restore(b.id(), false, null);
            assertThat(r.outcome()).isEqualTo(RestoreResponse.Outcome.REFUSED_INVALID);
            assertThat(r.validation().checksumValid()).isFalse();
            assertThat(r.errors()).anyMatch(e -> e.contains("checksum mismatch"));
            assertThat(t.events()).isEqualTo(150);
        }
    }

    @Test
    void rolls_back_when_the_restored_database_does_not_match_the_manifest() throws Exception {
        try (TestEngine t = TestEngine.open(tmp.resolve("data"))) {
            t.seed(120);
            BackupRecord b = t.backup(BackupType.FULL);
            byte[] tampered = Archives.withManifest(t.archive(b), m -> ((com.fasterxml.jackson.databind.node.ObjectNode) m.path("tables")
                    .path("playback_events")).put("rows", 121));
            BackupRecord bad = Archives.register(t.engine().catalog(), "20260101-020000-full", tampered);
            t.seed(30);
            RestoreResponse refused = t.restore(bad.id(), false, null);
            assertThat(refused.outcome()).isEqualTo(RestoreResponse.Outcome.REFUSED_INVALID);
            assertThat(refused.validation().databaseValid()).isFalse();

            RestoreResponse forced = t.restore(bad.id(), false, true);
            assertThat(forced.outcome()).as(forced.toString()).isEqualTo(RestoreResponse.Outcome.ROLLED_BACK);
            assertThat(forced.success()).isFalse();
            assertThat(forced.errors()).anyMatch(e -> e.contains("failed verification")).anyMatch(e -> e.contains("rolled back"));
            assertThat(t.events()).isEqualTo(150);
            assertThat(t.engine().database().isOpen()).isTrue();
            assertThat(t.dataDir().resolve("restore.journal")).doesNotExist();
        }
    }

    @Test
    void keeps_the_previous_database_file_when_no_pre_restore_backup_is_taken() throws Exception {
        try (TestEngine t = TestEngine.open(tmp.resolve("data"))) {
            t.seed(40);
            BackupRecord b = t.backup(BackupType.DATABASE);
            t.seed(10);
            RestoreResponse r = t.restore(b.id(), false, null);
            assertThat(r.success()).isTrue();
            assertThat(r.preRestoreBackupId()).isNull();
            Path kept = t.dataDir().resolve("cartographus.duckdb.replaced-" + b.id());
            assertThat(kept).exists();
            assertThat(r.warnings()).anyMatch(w -> w.contains(kept.toString()));
            assertThat(t.events()).isEqualTo(40);
            t.seed(5);
            assertThat(t.restore(b.id(), false, null).success()).isTrue();
            assertThat(kept).as("an earlier kept file is not overwritten").exists();
            assertThat(t.dataDir().resolve("cartographus.duckdb.replaced-" + b.id() + "-2")).exists();
        }
    }

    @Test
    void takes_no_pre_restore_backup_of_an_empty_database() throws Exception {
        Path first = tmp.resolve("first");
        Path archive;
        try (TestEngine t = TestEngine.open(first)) {
            t.seed(60);
            archive = t.archive(t.backup(BackupType.FULL));
        }
        Path fresh = tmp.resolve("fresh");
        Files.createDirectories(fresh.resolve("backups"));
        Files.copy(archive, fresh.resolve("backups").resolve(archive.getFileName()));
        try (TestEngine t = TestEngine.open(fresh)) {
            RestoreResponse r = t.engine().restore().restore("latest", RestoreOptions.defaults());
            assertThat(r.success()).as(r.toString()).isTrue();
            assertThat(r.preRestoreBackupId()).isNull();
            assertThat(r.warnings()).anyMatch(w -> w.contains("holds no data"));
            assertThat(t.events()).isEqualTo(60);
            assertThat(t.engine().catalog().all()).hasSize(1);
            assertThat(TestEngine.names(fresh)).noneMatch(n -> n.contains("replaced"));
        }
    }

    @Test
    void a_database_restore_without_stopping_services_is_refused() {
        try (TestEngine t = TestEngine.open(tmp.resolve("data"))) {
            t.seed(10);
            BackupRecord b = t.backup(BackupType.DATABASE);
            assertThatThrownBy(() -> t.engine().restore().restore(b.id(), new RestoreOptions(null, false, false, null, null, null, null)))
                    .isInstanceOf(BackupException.class).extracting(e -> ((BackupException) e).kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(t.events()).isEqualTo(10);
        }
    }

    @Test
    void restores_over_a_database_that_does_not_open() throws Exception {
        Path data = tmp.resolve("data");
        String id;
        try (TestEngine t = TestEngine.open(data)) {
            t.seed(80);
            id = t.backup(BackupType.FULL).id();
        }
        Path db = data.resolve("cartographus.duckdb");
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(0);
            f.write(new byte[4096]);
        }
        byte[] damaged = java.nio.file.Files.readAllBytes(db);
        try (TestEngine t = TestEngine.open(data, "MAINTENANCE_MODE", "true")) {
            assertThat(t.engine().database().isOpen()).isFalse();
            // The first try, with the defaults (a safety backup asked for): the damaged file is kept instead.
            RestoreResponse r = t.restore(id, null, null);
            assertThat(r.success()).as(r.toString()).isTrue();
            assertThat(r.preRestoreBackupId()).isNull();
            assertThat(r.plan().safety()).isEqualTo(RestorePlan.Safety.KEEP_FILES_ASIDE);
            assertThat(r.warnings()).anyMatch(w -> w.contains("kept aside byte for byte"));
            assertThat(t.events()).isEqualTo(80);
            assertThat(data.resolve("cartographus.duckdb.replaced-" + id)).hasBinaryContent(damaged);
            assertThat(t.engine().pause().paused()).isTrue();
        }
    }
}
