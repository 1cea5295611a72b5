package io.cartographus.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Trigger;
import io.cartographus.testing.Archives;
import io.cartographus.testing.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guide scenario 2: a fresh DATA_DIR whose BACKUP_DIR already holds archives, with or without sidecars. */
class ArchiveDiscoveryTest {
    @TempDir
    static Path shared;
    /** Archive file name to bytes, made by another server: a full, a database and a config backup. */
    private static final Map<String, byte[]> made = new LinkedHashMap<>();
    private static final Map<String, String> ids = new LinkedHashMap<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void backupsFromAnotherServer() throws Exception {
        try (TestEngine other = TestEngine.open(shared.resolve("other"))) {
            other.seed(45);
            for (BackupType type : BackupType.values()) {
                BackupRecord b = other.backup(type);
                made.put(b.fileName(), Files.readAllBytes(other.archive(b)));
                ids.put(type.label(), b.id());
                Thread.sleep(1000 - System.currentTimeMillis() % 1000); // one id per second, in order
            }
        }
    }

    private Path backupDir() throws Exception {
        return Files.createDirectories(tmp.resolve("data").resolve("backups"));
    }

    @Test
    void archives_without_any_sidecar_are_registered_from_their_manifests() throws Exception {
        Path dir = backupDir();
        for (Map.Entry<String, byte[]> e : made.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        try (TestEngine t = TestEngine.open(tmp.resolve("data"), "BACKUP_VERIFY", "true")) {
            List<BackupRecord> all = t.engine().catalog().all();
            assertThat(all).extracting(BackupRecord::id).containsExactlyInAnyOrderElementsOf(ids.values());
            for (BackupRecord r : all) {
                assertThat(r.status()).isEqualTo(BackupStatus.COMPLETED);
                assertThat(r.verification().status()).isEqualTo("pending");
                assertThat(r.checksum()).isEqualTo(Archives.sha256(made.get(r.fileName())));
                assertThat(dir.resolve("backup-" + r.id() + ".json")).exists();
                assertThat(Files.readString(dir.resolve("backup-" + r.id() + ".sha256"))).startsWith(r.checksum() + "  " + r.fileName());
            }
            BackupRecord full = t.engine().catalog().get(ids.get("full")).orElseThrow();
            assertThat(full.type()).isEqualTo(BackupType.FULL);
            assertThat(full.recordCount()).isEqualTo(45);
            assertThat(full.tables()).containsEntry("playback_events", 45L);
            assertThat(t.engine().catalog().startupNotes()).hasSize(3).allMatch(n -> n.contains("registered as backup"));
            assertThat(dir.resolve("metadata.json")).exists();
            assertThat(t.engine().verifier().validate(full).valid()).isTrue();
            RestoreResponse r = t.engine().restore().restore("latest", RestoreOptions.defaults());
            assertThat(r.success()).as(r.toString()).isTrue();
            assertThat(r.backupId()).isEqualTo(ids.get("database"));
            assertThat(t.events()).isEqualTo(45);
        }
    }

    @Test
    void damaged_archives_are_listed_as_corrupted_or_left_alone() throws Exception {
        Path dir = backupDir();
        byte[] full = made.get("backup-" + ids.get("full") + ".tar.gz");
        byte[] db = made.get("backup-" + ids.get("database") + ".tar.gz");
        // A truncated archive under a valid name, one under a name without an id, and a good one whose .sha256 disagrees.
        Files.write(dir.resolve("backup-20250101-010101-full.tar.gz"), Arrays.copyOf(full, full.length / 2));
        Files.write(dir.resolve("backup-junk.tar.gz"), Arrays.copyOf(full, full.length / 2));
        Files.write(dir.resolve("backup-" + ids.get("database") + ".tar.gz"), db);
        Files.writeString(dir.resolve("backup-" + ids.get("database") + ".sha256"), "0".repeat(64) + "  whatever\n");
        try (TestEngine t = TestEngine.open(tmp.resolve("data"))) {
            BackupRecord truncated = t.engine().catalog().get("20250101-010101-full").orElseThrow();
            assertThat(truncated.status()).isEqualTo(BackupStatus.CORRUPTED);
            assertThat(truncated.error()).contains("truncated");
            BackupRecord mismatch = t.engine().catalog().get(ids.get("database")).orElseThrow();
            assertThat(mismatch.status()).isEqualTo(BackupStatus.CORRUPTED);
            assertThat(mismatch.error()).contains("checksum mismatch");
            assertThat(t.engine().catalog().all()).hasSize(2);
            assertThat(t.engine().catalog().startupNotes()).anyMatch(n -> n.contains("backup-junk.tar.gz") && n.contains("ignored"));
            assertThat(dir.resolve("backup-junk.tar.gz")).as("never deleted").exists();
        }
    }

    @Test
    void an_archive_named_without_an_id_gets_its_manifest_id_and_that_ids_archive_name() throws Exception {
        Path dir = backupDir();
        byte[] full = made.get("backup-" + ids.get("full") + ".tar.gz");
        Files.write(dir.resolve("backup-20260101-020000.tar.gz"), full);
        Files.write(dir.resolve("backup-copy-" + ids.get("full") + ".tar.gz"), full);
        try (TestEngine t = TestEngine.open(tmp.resolve("data"))) {
            List<BackupRecord> all = t.engine().catalog().all();
            assertThat(all).hasSize(1);
            BackupRecord r = all.get(0);
            assertThat(r.id()).isEqualTo(ids.get("full"));
            // A record names only its own archive (docs/design.md §12): the file is renamed to it.
            assertThat(r.fileName()).isEqualTo("backup-" + r.id() + ".tar.gz");
            assertThat(dir.resolve("backup-20260101-020000.tar.gz")).doesNotExist();
            assertThat(r.trigger()).isEqualTo(Trigger.MANUAL);
            assertThat(t.engine().catalog().startupNotes()).anyMatch(n -> n.contains("same content as backup " + r.id()));
            assertThat(t.engine().verifier().validate(r).valid()).isTrue();
        }
        try (TestEngine again = TestEngine.open(tmp.resolve("data"))) {
            assertThat(again.engine().catalog().startupNotes()).noneMatch(n -> n.contains("backup-20260101-020000.tar.gz"));
        }
    }

    @Test
    void existing_sidecars_win_and_only_orphans_are_read() throws Exception {
        Path dir = backupDir();
        Path other = shared.resolve("other").resolve("backups");
        String dbId = ids.get("database");
        for (String suffix : List.of(".tar.gz", ".sha256", ".json")) {
            Files.copy(other.resolve("backup-" + dbId + suffix), dir.resolve("backup-" + dbId + suffix));
        }
        Files.write(dir.resolve("backup-" + ids.get("config") + ".tar.gz"), made.get("backup-" + ids.get("config") + ".tar.gz"));
        try (TestEngine t = TestEngine.open(tmp.resolve("data"))) {
            assertThat(t.engine().catalog().all()).hasSize(2);
            assertThat(t.engine().catalog().get(dbId).orElseThrow().notes()).isEqualTo("test");
            assertThat(t.engine().catalog().get(ids.get("config")).orElseThrow().notes()).contains("registered from its manifest");
            assertThat(t.engine().catalog().startupNotes()).filteredOn(n -> n.contains("registered")).hasSize(1);
        }
    }
}
