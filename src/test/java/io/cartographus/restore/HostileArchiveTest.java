package io.cartographus.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.testing.Archives.Entry;
import io.cartographus.testing.Archives;
import io.cartographus.testing.TestEngine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Archives built to attack the reader, through both doors: an upload/import, and a restore of a
 * record that points at one. Each is refused with a message naming the problem, nothing is written
 * outside the temporary work directories (which are removed), and the data directory is unchanged.
 */
class HostileArchiveTest {
    private static final String OUTSIDE = "cartographus-hostile-" + ProcessHandle.current().pid();
    private static final long BOMB = 32L << 20;

    private static Path root;
    private static TestEngine t;

    @BeforeAll
    static void engine() throws IOException {
        root = Files.createTempDirectory("hostile-");
        t = TestEngine.open(root.resolve("data"));
        t.seed(25);
    }

    @AfterAll
    static void close() throws IOException {
        t.close();
        io.cartographus.fs.TempFiles.deleteRecursively(root);
    }

    /** name, entries before the manifest, what the refusal must say. */
    static Stream<Arguments> hostile() {
        byte[] db = Archives.text("not really a database");
        return Stream.of(
                Arguments.of("parent segment", List.of(Entry.file("../" + OUTSIDE, db)), "'..' segment"),
                Arguments.of("absolute path", List.of(Entry.file("/tmp/" + OUTSIDE, db)), "absolute path"),
                Arguments.of("symbolic link", List.of(Entry.special("database/cartographus.duckdb", TarConstants.LF_SYMLINK)), "symbolic link"),
                Arguments.of("hard link", List.of(Entry.special("database/cartographus.duckdb", TarConstants.LF_LINK)), "hard link"),
                Arguments.of("character device", List.of(Entry.special("database/tty", TarConstants.LF_CHR)), "character device"),
                Arguments.of("block device", List.of(Entry.special("database/sda", TarConstants.LF_BLK)), "block device"),
                Arguments.of("fifo", List.of(Entry.special("database/pipe", TarConstants.LF_FIFO)), "FIFO"),
                Arguments.of("header claiming a petabyte", List.of(new Entry("database/cartographus.duckdb", TarConstants.LF_NORMAL,
                        new byte[0], null, 1L << 50)), "beyond the limit"),
                Arguments.of("decompression bomb beyond its manifest", List.of(Entry.file("database/cartographus.duckdb", duckdbHead((int) BOMB))),
                        "does not match the manifest (size " + BOMB + " vs 4096"),
                Arguments.of("zeros the size the manifest claims", List.of(Entry.file("database/cartographus.duckdb", new byte[4096])),
                        "is not a DuckDB database file"));
    }

    /** Zeros with DuckDB's magic where it belongs: past the first check, so the later ones are what refuse it. */
    private static byte[] duckdbHead(int size) {
        byte[] b = new byte[size];
        System.arraycopy("DUCK".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, b, 8, 4);
        return b;
    }

    /** Our layout: the hostile entries, then a manifest that claims a 4 KiB database. */
    private static byte[] archive(List<Entry> entries) throws IOException {
        List<Entry> all = new ArrayList<>(entries);
        Entry claimed = Entry.file("database/cartographus.duckdb", new byte[4096]);
        all.add(Entry.file("manifest.json", Archives.manifest("20250101-000000-database", "database", List.of(claimed),
                Map.of("playback_events", 1L))));
        return Archives.tarGz(all);
    }

    @ParameterizedTest(name = "import refuses {0}")
    @MethodSource("hostile")
    void an_import_refuses_it_and_keeps_nothing(String name, List<Entry> entries, String why) throws Exception {
        Set<String> dataBefore = dataNames();
        Set<String> backupsBefore = TestEngine.names(t.backupDir());
        byte[] bytes = archive(entries);
        ImportOutcome o = t.engine().importer().receive(new ByteArrayInputStream(bytes), bytes.length);
        assertThat(o.status()).isEqualTo(ImportOutcome.Status.INVALID);
        assertThat(o.validation().valid()).isFalse();
        assertThat(String.join("\n", o.validation().errors())).contains(why);
        assertUntouched(dataBefore, backupsBefore);
    }

    @ParameterizedTest(name = "restore refuses {0}")
    @MethodSource("hostile")
    void a_restore_refuses_it_and_changes_nothing(String name, List<Entry> entries, String why) throws Exception {
        String id = "20250101-0000" + String.format("%02d", Math.abs(name.hashCode()) % 60) + "-database";
        BackupRecord r = Archives.register(t.engine().catalog(), id, BackupType.DATABASE, archive(entries));
        Set<String> dataBefore = dataNames();
        Set<String> backupsBefore = TestEngine.names(t.backupDir());
        RestoreResponse refused = t.restore(r.id(), false, false);
        assertThat(refused.outcome()).isEqualTo(RestoreResponse.Outcome.REFUSED_INVALID);
        assertThat(String.join("\n", refused.errors())).contains(why);
        assertUntouched(dataBefore, backupsBefore);

        RestoreResponse forced = t.restore(r.id(), false, true);
        assertThat(forced.success()).as("force_restore: %s", forced).isFalse();
        assertThat(forced.outcome()).isIn(RestoreResponse.Outcome.REFUSED_INVALID, RestoreResponse.Outcome.ROLLED_BACK);
        assertUntouched(dataBefore, backupsBefore);
    }

    @ParameterizedTest(name = "{0} bytes of zeros")
    @ValueSource(longs = {BOMB})
    void the_bomb_is_refused_by_an_import_before_anything_is_unpacked(long size) throws Exception {
        // The upload survey compares every entry with the manifest before the four checks unpack anything:
        // the refusal names the mismatch, not a database that failed to open.
        byte[] bytes = archive(List.of(Entry.file("database/cartographus.duckdb", duckdbHead((int) size))));
        assertThat(bytes.length).as("a small gzip").isLessThan(1 << 20);
        ImportOutcome o = t.engine().importer().receive(new ByteArrayInputStream(bytes), -1);
        assertThat(o.validation().filesComplete()).isFalse();
        assertThat(o.validation().errors()).anyMatch(e -> e.contains("does not match the manifest"))
                .noneMatch(e -> e.contains("does not open") || e.contains("database check"));
    }

    /** The data directory's files; the WAL comes and goes with checkpoints (a rolled-back swap closes and checkpoints). */
    private static Set<String> dataNames() throws IOException {
        Set<String> names = TestEngine.names(t.dataDir());
        names.removeIf(n -> n.endsWith(".wal"));
        return names;
    }

    private static void assertUntouched(Set<String> dataBefore, Set<String> backupsBefore) throws IOException {
        assertThat(dataNames()).isEqualTo(dataBefore);
        assertThat(TestEngine.names(t.backupDir())).isEqualTo(backupsBefore);
        assertThat(t.events()).isEqualTo(25);
        assertThat(t.engine().database().isOpen()).isTrue();
        assertThat(root.resolve(OUTSIDE)).doesNotExist();
        assertThat(root.resolve("data").resolve(OUTSIDE)).doesNotExist();
        assertThat(Path.of("/tmp", OUTSIDE)).doesNotExist();
        assertThat(root.getParent().resolve(OUTSIDE)).doesNotExist();
    }
}
