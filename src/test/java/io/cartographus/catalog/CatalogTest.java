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

class CatalogTest {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @TempDir
    Path dir;

    private BackupRecord completed(Catalog c, String id) throws Exception {
        String file = "backup-" + id + ".tar.gz";
        Files.writeString(dir.resolve(file), "archive " + id);
        BackupRecord r = BackupRecord.starting(id, BackupType.FULL, Trigger.MANUAL, Instant.parse("2026-01-01T02:00:00Z"), null, "t")
                .completed(Instant.parse("2026-01-01T02:00:05Z"), file, 10, "ab", null, null, Map.of("playback_events", 5L), "v", null);
        c.put(r);
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "null", "{\"version\":2,\"backups\":[]}", "{\"version\":1,\"backups\":[{\"id\":\"../x\"}]}", "\u0000\u0001garbage"})
    void an_unreadable_index_is_kept_aside_and_rebuilt_from_the_sidecars(String content) throws Exception {
        Catalog c = Catalog.open(dir, JSON);
        completed(c, "20260101-020000-full");
        completed(c, "20260102-020000-full");
        Files.writeString(dir.resolve("metadata.json"), content);

        Catalog reopened = Catalog.open(dir, JSON);

        assertThat(reopened.all()).extracting(BackupRecord::id).containsExactly("20260102-020000-full", "20260101-020000-full");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("metadata.json.corrupt-"));
        }
        assertThat(reopened.startupNotes()).anyMatch(n -> n.contains("rebuilt the index"));
        assertThat(JSON.readTree(dir.resolve("metadata.json").toFile()).path("backups").size()).isEqualTo(2);
    }

    @Test
    void opening_an_index_that_is_already_right_leaves_the_file_alone() throws Exception {
        Catalog c = Catalog.open(dir, JSON);
        completed(c, "20260101-020000-full");
        Path meta = dir.resolve("metadata.json");
        Object inode = Files.readAttributes(meta, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        Catalog.open(dir, JSON);
        assertThat(Files.readAttributes(meta, java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isEqualTo(inode);

        // A change found at open (a sidecar the index does not list) is written.
        BackupRecord extra = BackupRecord.starting("20260103-020000-full", BackupType.FULL, Trigger.MANUAL,
                Instant.parse("2026-01-03T02:00:00Z"), null, "t").failed(Instant.parse("2026-01-03T02:00:05Z"), "x");
        Files.write(dir.resolve("backup-20260103-020000-full.json"), JSON.writeValueAsBytes(extra));
        Catalog.open(dir, JSON);
        assertThat(Files.readAttributes(meta, java.nio.file.attribute.BasicFileAttributes.class).fileKey()).isNotEqualTo(inode);
        assertThat(JSON.readTree(meta.toFile()).path("backups").size()).isEqualTo(2);
    }

    @Test
    void a_missing_index_is_rebuilt_and_the_guide_jq_line_sees_the_backups() throws Exception {
        Catalog c = Catalog.open(dir, JSON);
        completed(c, "20260101-020000-full");
        Files.delete(dir.resolve("metadata.json"));
        assertThat(Catalog.open(dir, JSON).all()).hasSize(1);
        Process jq = new ProcessBuilder("jq", "-r", ".backups | sort_by(.created_at) | reverse | .[0:5] | .[].id", "metadata.json")
                .directory(dir.toFile()).start();
        assertThat(new String(jq.getInputStream().readAllBytes()).strip()).isEqualTo("20260101-020000-full");
    }

    @Test
    void a_backup_interrupted_by_a_crash_becomes_failed_and_one_without_archive_corrupted() throws Exception {
        Catalog c = Catalog.open(dir, JSON);
        c.put(BackupRecord.starting("20260101-020000-full", BackupType.FULL, Trigger.SCHEDULED, Instant.parse("2026-01-01T02:00:00Z"), null, "t"));
        completed(c, "20260102-020000-full");
        Files.delete(dir.resolve("backup-20260102-020000-full.tar.gz"));

        Catalog reopened = Catalog.open(dir, JSON);

        assertThat(reopened.get("20260101-020000-full").orElseThrow().status()).isEqualTo(BackupStatus.FAILED);
        assertThat(reopened.get("20260101-020000-full").orElseThrow().error()).contains("interrupted");
        assertThat(reopened.get("20260102-020000-full").orElseThrow().status()).isEqualTo(BackupStatus.CORRUPTED);
        assertThat(JSON.readValue(dir.resolve("backup-20260101-020000-full.json").toFile(), BackupRecord.class).status())
                .isEqualTo(BackupStatus.FAILED);
    }

    @Test
    void delete_removes_archive_sidecars_and_record_and_survives_a_reopen() throws Exception {
        Catalog c = Catalog.open(dir, JSON);
        completed(c, "20260101-020000-full");
        c.writeChecksumFile("20260101-020000-full", "ab", "backup-20260101-020000-full.tar.gz");
        c.remove("20260101-020000-full");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("metadata.json");
        }
        assertThat(Catalog.open(dir, JSON).all()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/etc/passwd", "20260101-020000-full/../../x", "%2e%2e%2f", "20260101-020000-FULL",
            "20260101-020000-full-0", "20260101-020000-everything", ""})
    void ids_outside_the_pattern_are_refused(String id) {
        assertThat(BackupId.isValid(id)).isFalse();
    }

    @Test
    void ids_follow_the_guide_and_count_up_within_a_second() {
        Instant t = Instant.parse("2026-01-02T14:30:25Z");
        assertThat(BackupId.next(t, "pre-restore", x -> false)).isEqualTo("20260102-143025-pre-restore");
        assertThat(BackupId.next(t, "full", x -> x.equals("20260102-143025-full"))).isEqualTo("20260102-143025-full-2");
        assertThat(BackupId.next(t, "full", x -> !x.endsWith("-3"))).isEqualTo("20260102-143025-full-3");
        assertThat(BackupId.isValid("x".repeat(10_000))).isFalse();
    }
}
