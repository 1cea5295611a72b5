package io.cartographus.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.database.Database;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncPreSyncTest {
    @TempDir
    Path tmp;
    Database db;

    @BeforeEach
    void open() {
        db = new Database(tmp.resolve("app.duckdb"));
        db.open();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static List<PlaybackEvent> events(int n) {
        Instant start = Instant.parse("2026-03-01T20:00:00Z");
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> new PlaybackEvent("e" + i, 1, "ann", "Film", "movie",
                start, start.plusSeconds(60), 60, null, null, null, null, null, null, null)).toList();
    }

    private long rows(String table) {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    @Test
    void the_pre_sync_hook_runs_before_any_event_is_written_and_its_id_is_returned() {
        AtomicLong seenByHook = new AtomicLong(-1);
        SyncService sync = new SyncService(db, () -> {
            seenByHook.set(rows("playback_events"));
            return "20260301-200000-pre-sync";
        }, () -> false);
        sync.sync(events(3));
        SyncResult second = sync.sync(events(5));
        assertThat(seenByHook.get()).isEqualTo(3);
        assertThat(second.preSyncBackupId()).isEqualTo("20260301-200000-pre-sync");
        assertThat(second.inserted()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "BUSY, BUSY",
        "NO_SPACE, NO_SPACE",
        "STORAGE_UNAVAILABLE, STORAGE_UNAVAILABLE",
        "UNAVAILABLE, UNAVAILABLE",
        "INTERNAL, INTERNAL",
        "INVALID_REQUEST, INTERNAL",
        "NOT_FOUND, INTERNAL",
    })
    void a_failed_pre_sync_backup_stops_the_sync_and_says_why(ErrorKind thrown, ErrorKind expected) {
        SyncService sync = new SyncService(db, () -> {
            throw new BackupException(thrown, "not enough free space in /data/backups");
        }, () -> false);
        assertThatThrownBy(() -> sync.sync(events(4))).isInstanceOfSatisfying(BackupException.class, e -> {
            assertThat(e.kind()).isEqualTo(expected);
            assertThat(e.getMessage()).isEqualTo("sync not run: the pre-sync backup failed: not enough free space in /data/backups");
            assertThat(e.hint()).isNotBlank();
        });
        assertThat(rows("playback_events")).isZero();
        assertThat(rows("sync_log")).isZero();
    }
}
