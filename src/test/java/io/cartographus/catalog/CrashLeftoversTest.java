package io.cartographus.catalog;

import io.cartographus.config.BackupType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a process killed at each step of a backup or a deletion leaves in BACKUP_DIR, and what the
 * next start makes of it: never an archive without a record, never a failed backup with an
 * archive, never a deleted backup brought back, never a completed one lost.
 */
class CrashLeftoversTest {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final String ID = "20260101-020000-full";

    @TempDir
    Path dir;

    private static BackupRecord starting() {
        return BackupRecord.starting(ID, BackupType.FULL, Trigger.MANUAL, Instant.parse("2026-01-01T02:00:00Z"), null, "t");
    }

    private BackupRecord completed(String file) throws Exception {
        Files.writeString(dir.resolve(file), "archive");
        Files.writeString(dir.resolve("backup-" + ID + ".sha256"), "ab  " + file + "\n");
        return starting().completed(Instant.parse("2026-01-01T02:00:05Z"), file, 7, "ab", null, null, Map.of("t", 1L), "v", null);
    }

    private String[] names() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {".tar.gz", ".tar.zst", ".tar", ".tar.gz.enc"})
    void a_backup_killed_after_its_archive_was_renamed_in_but_before_it_was_recorded_is_failed_without_archive(String ext)
            throws Exception {
        Catalog c = Catalog.open(dir, JSON);
        c.put(starting());
        completed("backup-" + ID + ext);

        Catalog reopened = Catalog.open(dir, JSON);

        assertThat(reopened.get(ID).orElseThrow().status()).isEqualTo(BackupStatus.FAILED);
        assertThat(names()).containsExactly("backup-" + ID + ".json", "metadata.json");
        assertThat(reopened.startupNotes()).anyMatch(n -> n.contains("removed the archive it left"));
    }

    @Test
    void a_deletion_killed_after_the_tombstone_is_finished_and_does_not_come_back_from_the_index() throws Exception {
        Catalog c = Catalog.open(dir, JSON);
        c.put(completed("backup-" + ID + ".tar.gz"));
        Files.move(dir.resolve("backup-" + ID + ".json"), dir.resolve("backup-" + ID + ".deleting"));

        Catalog reopened = Catalog.open(dir, JSON);

        assertThat(reopened.get(ID)).isEmpty();
        assertThat(names()).containsExactly("metadata.json");
        assertThat(JSON.readTree(dir.resolve("metadata.json").toFile()).path("backups").size()).isZero();
        assertThat(reopened.startupNotes()).anyMatch(n -> n.contains("finished deleting"));
    }

    @Test
    void the_deletion_listener_hears_about_a_deletion_finished_at_start() throws Exception {
        Catalog c = Catalog.open(dir, JSON);
        c.put(completed("backup-" + ID + ".tar.gz"));
        Files.move(dir.resolve("backup-" + ID + ".json"), dir.resolve("backup-" + ID + ".deleting"));
        Catalog reopened = Catalog.open(dir, JSON);
        java.util.List<String> heard = new java.util.ArrayList<>();

        reopened.onRemove(r -> heard.add(r.id() + " " + r.fileName()));

        assertThat(heard).containsExactly(ID + " backup-" + ID + ".tar.gz");
    }

    @Test
    void a_deletion_killed_after_the_index_write_leaves_no_archive_or_checksum_behind() throws Exception {
        Catalog c = Catalog.open(dir, JSON);
        c.put(completed("backup-" + ID + ".tar.gz"));
        byte[] archive = Files.readAllBytes(dir.resolve("backup-" + ID + ".tar.gz"));
        byte[] sum = Files.readAllBytes(dir.resolve("backup-" + ID + ".sha256"));
        c.remove(ID);
        assertThat(names()).containsExactly("metadata.json");
        // As if killed between the index write and the file deletions.
        Files.write(dir.resolve("backup-" + ID + ".tar.gz"), archive);
        Files.write(dir.resolve("backup-" + ID + ".sha256"), sum);
        Files.writeString(dir.resolve("backup-" + ID + ".deleting"), "");

        Catalog.open(dir, JSON);

        assertThat(names()).containsExactly("metadata.json");
    }

    @Test
    void an_archive_the_catalog_never_had_is_not_taken_for_a_crash_leftover() throws Exception {
        Files.writeString(dir.resolve("backup-" + ID + ".tar.gz"), "copied in by hand");

        Catalog.open(dir, JSON);

        assertThat(names()).contains("backup-" + ID + ".tar.gz");
    }

    @Test
    void removing_a_failed_backups_leftovers_spares_an_archive_a_refused_record_names() throws Exception {
        Catalog c = Catalog.open(dir, JSON);
        c.put(starting().failed(Instant.parse("2026-01-01T02:00:03Z"), "interrupted"));
        // Registered from the file by an older version under another id, which kept the file's name:
        // such a record is refused now (a record names only its own archive), but the file is spared.
        BackupRecord other = BackupRecord.starting(ID + "-2", BackupType.FULL, Trigger.MANUAL, Instant.parse("2026-01-01T02:00:00Z"),
                null, "t").completed(Instant.parse("2026-01-01T02:00:05Z"), "backup-" + ID + ".tar.gz", 7, "ab", null, null,
                Map.of("t", 1L), "v", null);
        Files.writeString(dir.resolve("backup-" + ID + ".tar.gz"), "archive");
        Files.write(dir.resolve("backup-" + ID + "-2.json"), JSON.writeValueAsBytes(other));

        Catalog reopened = Catalog.open(dir, JSON);

        assertThat(names()).contains("backup-" + ID + ".tar.gz");
        assertThat(reopened.get(ID + "-2")).isEmpty();
        assertThat(reopened.startupNotes()).anyMatch(n -> n.contains("refused backup " + ID + "-2"));
    }

    @Test
    void a_sidecar_one_write_ahead_of_the_index_wins() throws Exception {
        Catalog c = Catalog.open(dir, JSON);
        c.put(starting());
        BackupRecord done = completed("backup-" + ID + ".tar.gz");
        // Killed between the sidecar write and the index write of put(done).
        Files.write(dir.resolve("backup-" + ID + ".json"), JSON.writeValueAsBytes(done));

        Catalog reopened = Catalog.open(dir, JSON);

        assertThat(reopened.get(ID).orElseThrow().status()).isEqualTo(BackupStatus.COMPLETED);
        assertThat(names()).contains("backup-" + ID + ".tar.gz", "backup-" + ID + ".sha256");
        assertThat(JSON.readTree(dir.resolve("metadata.json").toFile()).path("backups").path(0).path("status").asText())
                .isEqualTo("completed");
    }

    @Test
    void a_sidecar_left_in_progress_by_a_full_disk_is_brought_up_to_the_index() throws Exception {
        Catalog c = Catalog.open(dir, JSON);
        c.put(starting());
        byte[] stale = Files.readAllBytes(dir.resolve("backup-" + ID + ".json"));
        c.put(starting().failed(Instant.parse("2026-01-01T02:00:03Z"), "disk full"));
        Files.write(dir.resolve("backup-" + ID + ".json"), stale);

        Catalog reopened = Catalog.open(dir, JSON);

        assertThat(reopened.get(ID).orElseThrow().error()).isEqualTo("disk full");
        assertThat(JSON.readValue(dir.resolve("backup-" + ID + ".json").toFile(), BackupRecord.class).status())
                .isEqualTo(BackupStatus.FAILED);
    }

    @Test
    void a_completed_delete_leaves_no_tombstone() throws Exception {
        Catalog c = Catalog.open(dir, JSON);
        c.put(completed("backup-" + ID + ".tar.gz"));
        c.remove(ID);
        assertThat(names()).containsExactly("metadata.json");
        assertThat(Catalog.open(dir, JSON).all()).isEmpty();
    }
}
