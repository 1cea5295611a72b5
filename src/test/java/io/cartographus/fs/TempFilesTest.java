package io.cartographus.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.FileSystems;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TempFilesTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} → leftover {1}")
    @CsvSource({
            // today's names
            ".tmp-backup-20260101-020000-full.tar.gz-123.tmp, true",
            ".tmp-validate-987.tmp, true",
            // names of earlier versions, still cleaned at start-up
            ".tmp-metadata.json-456.part, true",
            ".tmp-validate-987, true",
            // ours, finished
            "backup-20260101-020000-full.tar.gz, false",
            "metadata.json, false",
            "backup-20260101-020000-full.deleting, false",
            // not ours
            "notes.tmp, false",
            "cartographus.duckdb.tmp, false",
    })
    void names_left_by_an_interrupted_write_are_leftovers(String name, boolean leftover) {
        assertThat(TempFiles.isLeftover(name)).isEqualTo(leftover);
    }

    @Test
    void every_file_a_write_or_work_directory_holds_ends_in_tmp_so_a_copy_excluding_tmp_skips_it() throws Exception {
        // The guide: aws s3 sync /data/backups/ s3://… --exclude "*.tmp" (a glob over the whole relative path).
        PathMatcher excluded = FileSystems.getDefault().getPathMatcher("glob:**.tmp");
        Path file;
        try (AtomicFile.Writing w = AtomicFile.begin(dir.resolve("backup-20260101-020000-full.tar.gz"), null)) {
            file = w.temporaryPath();
            Path work = TempFiles.createDirectory(dir, "validate");
            Path inside = TempFiles.inWorkDirectory(work, "restored.duckdb");
            Files.writeString(inside, "x");
            Files.writeString(TempFiles.createFile(dir, "upload"), "y");
            try (Stream<Path> all = Files.walk(dir)) {
                assertThat(all.filter(Files::isRegularFile).map(dir::relativize)).isNotEmpty().allMatch(excluded::matches);
            }
            assertThat(TempFiles.removeLeftovers(dir)).hasSize(3);
        }
        assertThat(file).doesNotExist();
        try (Stream<Path> all = Files.list(dir)) {
            assertThat(all).isEmpty();
        }
    }

    @Test
    void removes_the_names_of_earlier_versions_and_keeps_everything_else() throws Exception {
        Files.writeString(dir.resolve(".tmp-metadata.json-1.part"), "old");
        Files.createDirectories(dir.resolve(".tmp-validate-2"));
        Files.writeString(dir.resolve(".tmp-validate-2").resolve("restored.duckdb"), "old");
        Files.writeString(dir.resolve("metadata.json"), "{}");
        Files.writeString(dir.resolve("notes.tmp"), "mine");

        assertThat(TempFiles.removeLeftovers(dir)).hasSize(2);

        try (Stream<Path> all = Files.list(dir)) {
            assertThat(all.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("metadata.json", "notes.tmp");
        }
    }
}
