package io.cartographus.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.testing.TestEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.CsvSource;

/** A crash after each step of the swap, simulated on marker files: recovery leaves the old or the new database, whole. */
class RestoreJournalTest {
    @TempDir
    Path dir;
    private Path live;
    private Path wal;

    @BeforeEach
    void files() throws IOException {
        live = dir.resolve("cartographus.duckdb");
        wal = RestoreJournal.wal(live);
        Files.writeString(live, "old");
        Files.writeString(wal, "old-wal");
    }

    /** Runs the swap up to and including {@code step}, as DatabaseSwap does, then "crashes" (stops). */
    private void swapUntil(String step, String keepAs) throws IOException {
        RestoreJournal j = new RestoreJournal(live);
        Files.writeString(j.incoming(), "new");
        j.begin(keepAs);
        if (step.equals(CrashPoints.JOURNAL_WRITTEN)) {
            return;
        }
        j.moveLiveAside();
        if (step.equals(CrashPoints.LIVE_RENAMED_ASIDE)) {
            return;
        }
        j.moveIncomingIn();
        Files.writeString(wal, "new-wal"); // DuckDB opened the new file and started its own WAL
        if (step.equals(CrashPoints.NEW_RENAMED_IN) || step.equals(CrashPoints.VERIFIED)) {
            return;
        }
        j.markDone();
    }

    @ParameterizedTest(name = "crash after {0}: {1}")
    @CsvSource({
            "journal-written, old",
            "live-renamed-aside, old",
            "new-renamed-in, old",
            "verified, old",
            "done, new"})
    void recovery_leaves_the_old_or_the_new_database_never_a_mix(String step, String expected) throws IOException {
        swapUntil(step, null);
        String what = new RestoreJournal(live).recover();
        assertThat(what).isNotNull();
        assertThat(Files.readString(live)).isEqualTo(expected);
        if (expected.equals("old")) {
            assertThat(Files.readString(wal)).as("the old database keeps its WAL").isEqualTo("old-wal");
        } else {
            assertThat(Files.readString(wal)).isEqualTo("new-wal");
        }
        assertThat(TestEngine.names(dir)).containsOnly("cartographus.duckdb", "cartographus.duckdb.wal");
        assertThat(new RestoreJournal(live).recover()).as("a second recovery has nothing to do").isNull();
    }

    @Test
    void a_crash_between_moving_the_wal_and_the_file_keeps_the_old_wal() throws IOException {
        RestoreJournal j = new RestoreJournal(live);
        j.begin(null);
        Files.move(wal, RestoreJournal.wal(j.aside()));
        new RestoreJournal(live).recover();
        assertThat(Files.readString(live)).isEqualTo("old");
        assertThat(Files.readString(wal)).isEqualTo("old-wal");
    }

    @Test
    void recovery_after_done_keeps_the_previous_database_with_its_wal_when_asked() throws IOException {
        swapUntil(CrashPoints.DONE, "cartographus.duckdb.replaced-x");
        new RestoreJournal(live).recover();
        assertThat(Files.readString(live)).isEqualTo("new");
        assertThat(Files.readString(dir.resolve("cartographus.duckdb.replaced-x"))).isEqualTo("old");
        assertThat(Files.readString(dir.resolve("cartographus.duckdb.replaced-x.wal"))).isEqualTo("old-wal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/x", "tokens.json", "cartographus.duckdb", "/tmp/x", "cartographus.duckdb.replaced-../x"})
    void a_keep_name_this_class_never_writes_is_refused_and_the_old_database_kept_under_a_safe_name(String name) throws IOException {
        swapUntil(CrashPoints.DONE, null);
        Files.writeString(dir.resolve("tokens.json"), "tokens");
        Path journal = dir.resolve("restore.journal");
        Files.writeString(journal, "done\nkeep " + name + "\n");
        new RestoreJournal(live).recover();
        assertThat(TestEngine.names(dir)).containsOnly("cartographus.duckdb", "cartographus.duckdb.wal", "tokens.json",
                "cartographus.duckdb.replaced-recovered", "cartographus.duckdb.replaced-recovered.wal");
        assertThat(Files.readString(dir.resolve("tokens.json"))).isEqualTo("tokens");
        assertThat(Files.readString(live)).isEqualTo("new");
        assertThat(dir.getParent().getParent().resolve("etc/x")).doesNotExist();
    }

    @Test
    void without_a_journal_a_leftover_incoming_file_is_removed() throws IOException {
        RestoreJournal j = new RestoreJournal(live);
        Files.writeString(j.incoming(), "half");
        assertThat(j.recover()).isNull();
        assertThat(j.incoming()).doesNotExist();
        assertThat(Files.readString(live)).isEqualTo("old");
    }
}
