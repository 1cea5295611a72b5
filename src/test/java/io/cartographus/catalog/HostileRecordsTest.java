package io.cartographus.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cartographus.config.BackupType;
import io.cartographus.error.BackupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Records read from BACKUP_DIR are untrusted: a file_name is a path only when it is the record's own archive name. */
class HostileRecordsTest {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final String ID = "20200101-000009-full";

    @TempDir
    Path root;

    private Path dir() throws Exception {
        return Files.createDirectories(root.resolve("backups"));
    }

    private static BackupRecord record(String fileName, Instant created) {
        return BackupRecord.starting(ID, BackupType.FULL, Trigger.MANUAL, created, null, "t")
                .completed(created.plusSeconds(5), fileName, 10, "ab", null, null, Map.of("playback_events", 5L), "v", null);
    }

    /** The name to plant; SENTINEL stands for the absolute path of a file outside BACKUP_DIR. */
    @ParameterizedTest
    @ValueSource(strings = {"SENTINEL", "../admin.token", "backups/../../admin.token", "backup-20200101-000009-full.tar.gz/../../admin.token",
        "backup-20200101-000008-full.tar.gz", "backup-20200101-000009-full.tar.xz", "backup-20200101-000009-full.json", "", "LINK"})
    void a_sidecar_or_index_entry_with_a_foreign_file_name_is_refused_at_open(String planted) throws Exception {
        Path dir = dir();
        Path sentinel = Files.writeString(root.resolve("admin.token"), "secret");
        String name = switch (planted) {
            case "SENTINEL" -> sentinel.toString();
            case "LINK" -> {
                Files.createSymbolicLink(dir.resolve("backup-" + ID + ".tar.gz"), sentinel);
                yield "backup-" + ID + ".tar.gz";
            }
            default -> planted;
        };
        for (String where : List.of("sidecar", "metadata")) {
            BackupRecord hostile = record(name, Instant.parse("2020-01-01T00:00:09Z"));
            if (where.equals("sidecar")) {
                Files.write(dir.resolve("backup-" + ID + ".json"), JSON.writeValueAsBytes(hostile));
            } else {
                Files.deleteIfExists(dir.resolve("backup-" + ID + ".json"));
                Files.write(dir.resolve("metadata.json"), JSON.writeValueAsBytes(Map.of("version", 1, "backups", List.of(hostile))));
            }

            Catalog c = Catalog.open(dir, JSON);

            assertThat(c.get(ID)).as(where).isEmpty();
            assertThat(c.startupNotes()).as(where).anyMatch(n -> n.startsWith("refused backup " + ID));
            c.remove(ID);
            assertThat(Files.readString(sentinel)).isEqualTo("secret");
        }
    }

    @Test
    void a_tombstone_naming_a_file_outside_is_finished_without_touching_that_file() throws Exception {
        Path dir = dir();
        Path sentinel = Files.writeString(root.resolve("admin.token"), "secret");
        Files.write(dir.resolve("backup-" + ID + ".deleting"), JSON.writeValueAsBytes(record(sentinel.toString(), Instant.parse("2020-01-01T00:00:09Z"))));

        Catalog.open(dir, JSON);

        assertThat(sentinel).hasContent("secret");
        assertThat(dir.resolve("backup-" + ID + ".deleting")).doesNotExist();
    }

    @Test
    void a_record_with_a_foreign_name_is_never_put_and_a_name_never_becomes_a_path_outside() throws Exception {
        Catalog c = Catalog.open(dir(), JSON);
        assertThatThrownBy(() -> c.put(record("../admin.token", Instant.parse("2020-01-01T00:00:09Z"))))
                .isInstanceOf(BackupException.class).hasMessageContaining("refusing to record backup");
        assertThatThrownBy(() -> c.files().archive("/etc/passwd")).isInstanceOf(BackupException.class);
        assertThatThrownBy(() -> c.files().archive("../backup-" + ID + ".tar")).isInstanceOf(BackupException.class);
        assertThat(c.files().archive("backup-" + ID + ".tar.zst.enc").getParent()).isEqualTo(c.files().dir());
    }

    @ParameterizedTest
    @CsvSource({
        "backup-20200101-000009-full.tar,         20200101-000009-full",
        "backup-20200101-000009-full.tar.gz.enc,  20200101-000009-full",
        "backup-20200101-000009-full-2.tar.zst,   20200101-000009-full-2",
        "backup-20200101-000009-full.tar.bz2,     ",
        "backup-../x.tar.gz,                      ",
        "backup-20200101-000009-nope.tar,         ",
        "x/backup-20200101-000009-full.tar,       "})
    void archive_names_carry_a_valid_id_and_a_known_extension(String name, String id) {
        assertThat(BackupFiles.idOfArchive(name)).isEqualTo(id);
    }

    @ParameterizedTest
    @CsvSource({
        "2026-01-01T12:00:00Z, 2026-01-01T12:00:00Z",
        "2026-01-01T12:04:59Z, 2026-01-01T12:04:59Z",
        "2026-01-01T12:05:00Z, 2026-01-01T12:05:00Z",
        "2026-01-01T12:05:01Z, 2026-01-01T12:00:00Z",
        "2999-01-01T00:00:00Z, 2026-01-01T12:00:00Z",
        "1999-01-01T00:00:00Z, 1999-01-01T00:00:00Z"})
    void a_created_at_beyond_five_minutes_of_clock_skew_is_clamped_to_now(String claimed, String expected) {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        BackupRecord r = CreatedAt.clamp(record("backup-" + ID + ".tar.gz", Instant.parse(claimed)), now);
        assertThat(r.createdAt()).isEqualTo(Instant.parse(expected));
        assertThat(r.completedAt()).isAfterOrEqualTo(r.createdAt());
        assertThat(r.notes() != null && r.notes().contains("in the future")).isEqualTo(!claimed.equals(expected));
    }

    @Test
    void a_future_dated_sidecar_is_clamped_at_open_and_is_not_newest_after_the_next_backup() throws Exception {
        Path dir = dir();
        Files.writeString(dir.resolve("backup-" + ID + ".tar.gz"), "archive");
        Files.write(dir.resolve("backup-" + ID + ".json"), JSON.writeValueAsBytes(record("backup-" + ID + ".tar.gz", Instant.parse("2999-01-01T00:00:00Z"))));

        Catalog c = Catalog.open(dir, JSON);
        assertThat(c.get(ID).orElseThrow().createdAt()).isBefore(Instant.now().plusSeconds(1));
        assertThat(c.startupNotes()).anyMatch(n -> n.contains("is in the future"));
        assertThat(JSON.readTree(dir.resolve("backup-" + ID + ".json").toFile()).path("created_at").asText()).doesNotStartWith("2999");

        Thread.sleep(5);
        String later = "20260101-020000-full";
        Files.writeString(dir.resolve("backup-" + later + ".tar.gz"), "archive 2");
        Instant now = Instant.now();
        c.put(BackupRecord.starting(later, BackupType.FULL, Trigger.MANUAL, now, null, "t")
                .completed(now.plusMillis(1), "backup-" + later + ".tar.gz", 10, "cd", null, null, Map.of("playback_events", 5L), "v", null));
        assertThat(c.all().get(0).id()).isEqualTo(later);
    }
}
