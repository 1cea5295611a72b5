package io.cartographus.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotificationEventTest {
    private static final Instant AT = Instant.parse("2026-01-01T02:00:45Z");

    private static Map<String, Object> record(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> fullBackup() {
        return record("id", "20260101-020000-full", "type", "full", "trigger", "scheduled",
                "size_bytes", 1_288_490_188L, "duration_ms", 45_000, "compression", null);
    }

    @Test
    void backup_completed_says_id_type_trigger_size_and_duration() {
        NotificationEvent e = NotificationEvent.backupCompleted(fullBackup(), AT);
        assertThat(e.event()).isEqualTo("backup.completed");
        assertThat(e.text()).isEqualTo(
                "Cartographus backup 20260101-020000-full (full, scheduled) completed: 1.2 GB in 45 s.");
        assertThat(e.backup()).containsEntry("id", "20260101-020000-full").containsEntry("compression", null);
        assertThat(e.timestamp()).isEqualTo(AT);
        assertThat(e.details()).isEmpty();
    }

    @Test
    void backup_failed_says_why_and_carries_the_error() {
        NotificationEvent e = NotificationEvent.backupFailed(fullBackup(), "No space left on device", AT);
        assertThat(e.text()).isEqualTo(
                "Cartographus backup 20260101-020000-full (full, scheduled) FAILED: No space left on device.");
        assertThat(e.details()).containsEntry("error", "No space left on device");
    }

    @Test
    void backup_failed_falls_back_to_the_record_error_then_to_unknown() {
        Map<String, Object> withError = record("id", "20260101-020000-database", "type", "database",
                "trigger", "manual", "error", "disk full.");
        assertThat(NotificationEvent.backupFailed(withError, null, AT).text()).isEqualTo(
                "Cartographus backup 20260101-020000-database (database, manual) FAILED: disk full.");
        assertThat(NotificationEvent.backupFailed(Map.of(), null, AT).text())
                .isEqualTo("Cartographus backup FAILED: unknown error.");
        assertThat(NotificationEvent.backupFailed(null, "boom", AT).backup()).isEmpty();
    }

    @Test
    void backup_completed_leaves_out_what_the_record_lacks() {
        assertThat(NotificationEvent.backupCompleted(record("id", "x", "type", "config"), AT).text())
                .isEqualTo("Cartographus backup x (config) completed.");
        assertThat(NotificationEvent.backupCompleted(record("id", "x", "size_bytes", 512), AT).text())
                .isEqualTo("Cartographus backup x completed: 512 B.");
    }

    @Test
    void retention_cleanup_lists_deleted_ids_and_freed_space() {
        NotificationEvent e = NotificationEvent.retentionCleanup(
                List.of("20251001-020000-full", "20251002-020000-full"), 3L * 1024 * 1024 * 1024 / 2, AT);
        assertThat(e.text()).isEqualTo("Cartographus retention cleanup deleted 2 backups (1.5 GB freed): "
                + "20251001-020000-full, 20251002-020000-full.");
        assertThat(e.backup()).isEmpty();
        assertThat(e.details()).containsEntry("deleted", List.of("20251001-020000-full", "20251002-020000-full"))
                .containsEntry("freed_bytes", 1_610_612_736L);
    }

    @Test
    void retention_cleanup_lists_ten_ids_then_counts_the_rest() {
        List<String> ids = IntStream.rangeClosed(1, 13).mapToObj(i -> "id" + i).toList();
        String text = NotificationEvent.retentionCleanup(ids, 2048, AT).text();
        assertThat(text).isEqualTo("Cartographus retention cleanup deleted 13 backups (2.0 KB freed): "
                + ids.subList(0, 10).stream().collect(Collectors.joining(", ")) + " and 3 more.");
        assertThat(NotificationEvent.retentionCleanup(List.of("only"), 0, AT).text())
                .isEqualTo("Cartographus retention cleanup deleted 1 backup (0 B freed): only.");
        assertThat(NotificationEvent.retentionCleanup(List.of(), 0, AT).text())
                .isEqualTo("Cartographus retention cleanup deleted no backups.");
    }

    @Test
    void restore_completed_uses_the_restore_response() {
        Map<String, Object> response = record("backup_id", "20260101-020000-full",
                "pre_restore_backup_id", "20260102-143025-pre-restore", "records_restored", 150_000,
                "duration_ms", 45_000, "restart_required", true);
        NotificationEvent e = NotificationEvent.restoreCompleted(fullBackup(), response, AT);
        assertThat(e.event()).isEqualTo("restore.completed");
        assertThat(e.text()).isEqualTo("Cartographus restore from backup 20260101-020000-full completed in 45 s, "
                + "150000 records restored. Safety backup: 20260102-143025-pre-restore. Restart required.");
        assertThat(e.details()).isEqualTo(response);
    }

    @Test
    void restore_failed_says_why_and_names_the_safety_backup() {
        NotificationEvent e = NotificationEvent.restoreFailed(Map.of(), "integrity check failed; previous database put back",
                record("backup_id", "20260101-020000-full", "pre_restore_backup_id", "20260102-143025-pre-restore"), AT);
        assertThat(e.event()).isEqualTo("restore.failed");
        assertThat(e.text()).isEqualTo("Cartographus restore from backup 20260101-020000-full FAILED: "
                + "integrity check failed; previous database put back. Safety backup: 20260102-143025-pre-restore.");
        assertThat(e.details()).containsEntry("error", "integrity check failed; previous database put back")
                .containsEntry("backup_id", "20260101-020000-full");
    }

    @Test
    void a_drill_is_completed_or_failed_by_its_result_and_carries_it_as_details() {
        NotificationEvent ok = NotificationEvent.drill(record("backup_id", "20260101-020000-full", "source", "offsite",
                "duration_ms", 4200L, "passed", true, "message", "restored"), AT);
        assertThat(ok.event()).isEqualTo("drill.completed");
        assertThat(ok.text()).isEqualTo("Cartographus restore drill of backup 20260101-020000-full (offsite) passed: "
                + "a usable database in 4 s.");
        assertThat(ok.backup()).isEmpty();
        NotificationEvent bad = NotificationEvent.drill(record("backup_id", "20260101-020000-full", "source", "local",
                "duration_ms", 300L, "passed", false, "message", "checksum mismatch"), AT);
        assertThat(bad.event()).isEqualTo("drill.failed");
        assertThat(bad.text()).isEqualTo("Cartographus restore drill of backup 20260101-020000-full (local) FAILED: checksum mismatch.");
        assertThat(bad.details()).containsEntry("message", "checksum mismatch").containsEntry("passed", false);
    }

    @ParameterizedTest(name = "{0} bytes = {1}")
    @CsvSource({
        "0, 0 B",
        "1023, 1023 B",
        "1024, 1.0 KB",
        "1536, 1.5 KB",
        "1048576, 1.0 MB",
        "1073741824, 1.0 GB",
        "1288490188, 1.2 GB",
        "1099511627776, 1.0 TB",
    })
    void sizes_read_in_1024_based_units(long bytes, String text) {
        assertThat(EventText.bytes(bytes)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} ms = {1}")
    @CsvSource({
        "250, 250 ms",
        "1000, 1 s",
        "45000, 45 s",
        "59499, 59 s",
        "60000, 1 min 0 s",
        "185000, 3 min 5 s",
        "3600000, 1 h 0 min",
        "3725000, 1 h 2 min",
    })
    void durations_read_in_human_units(long ms, String text) {
        assertThat(EventText.duration(ms)).isEqualTo(text);
    }

    @Test
    void rejects_an_unknown_event_name() {
        assertThatThrownBy(() -> new NotificationEvent("backup.started", "x", Map.of(), AT, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backup.started");
    }

    @Test
    void maps_are_copied_and_read_only_and_null_maps_become_empty() {
        Map<String, Object> backup = new HashMap<>(Map.of("id", "x"));
        NotificationEvent e = new NotificationEvent("restore.completed", "t", backup, AT, null);
        backup.put("id", "changed");
        assertThat(e.backup()).containsEntry("id", "x");
        assertThat(e.details()).isEmpty();
        assertThatThrownBy(() -> e.backup().put("y", 1)).isInstanceOf(UnsupportedOperationException.class);
    }
}
