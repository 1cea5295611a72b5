package io.cartographus.retention;

import io.cartographus.config.RetentionPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.backup.InUse;
import io.cartographus.backup.OperationLock;
import io.cartographus.catalog.BackupId;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.Catalog;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Trigger;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.notify.NotificationEvent;
import io.cartographus.testing.TestEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrunerTest {
    private static final Instant NOW = Instant.parse("2026-03-04T12:00:00Z");

    @TempDir
    Path tmp;
    TestEngine f;

    @BeforeEach
    void setUp() {
        // The backups here are synthetic records and files, and a retention backup is a config backup: no database needed.
        f = TestEngine.on(tmp.resolve("data")).at(Clock.fixed(NOW, ZoneOffset.UTC)).startClosed();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /** A completed backup created at {@code at} with an archive of {@code size} bytes, its checksum file and sidecar; returns its id. */
    private String completed(String at, BackupType type, long size, boolean verified) throws IOException {
        Instant t = Instant.parse(at);
        Catalog catalog = f.engine().catalog();
        String id = BackupId.next(t, type.label(), catalog::contains);
        String file = "backup-" + id + ".tar.gz";
        Files.write(f.backupDir().resolve(file), new byte[(int) size]);
        catalog.writeChecksumFile(id, "0".repeat(64), file);
        BackupRecord r = BackupRecord.starting(id, type, Trigger.SCHEDULED, t, null, "test")
                .completed(t.plusSeconds(5), file, size, "0".repeat(64), null, null, Map.of("playback_events", 10L), null,
                        new BackupRecord.Verification(verified ? "passed" : "pending", null, null));
        catalog.put(r);
        return id;
    }

    private String failed(String at) {
        Instant t = Instant.parse(at);
        Catalog catalog = f.engine().catalog();
        String id = BackupId.next(t, "full", catalog::contains);
        catalog.put(BackupRecord.starting(id, BackupType.FULL, Trigger.SCHEDULED, t, null, "test").failed(t.plusSeconds(1), "disk full"));
        return id;
    }

    private List<Path> filesOf(String id) {
        Path dir = f.backupDir();
        return List.of(dir.resolve("backup-" + id + ".tar.gz"), dir.resolve("backup-" + id + ".sha256"), dir.resolve("backup-" + id + ".json"));
    }

    static Stream<Arguments> policies() {
        return Stream.of(
                Arguments.of("guide defaults", RetentionPolicy.defaults(), 30),
                Arguments.of("max count 2, min count 1", new RetentionPolicy(1, 2, 0, 24, 7, 4, 6), 39),
                Arguments.of("max days 5", new RetentionPolicy(0, 0, 5, 0, 0, 0, 0), 36),
                Arguments.of("tight GFS", new RetentionPolicy(2, 10, 30, 0, 3, 2, 1), 37),
                Arguments.of("keep everything", new RetentionPolicy(0, 0, 0, 0, 0, 0, 0), 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void apply_deletes_exactly_what_the_preview_listed(String name, RetentionPolicy policy, int deletes) throws Exception {
        Random random = new Random(42);
        List<String> all = new ArrayList<>();
        for (int day = 40; day >= 0; day--) {
            Instant t = NOW.minus(Duration.ofDays(day)).minusSeconds(random.nextInt(20_000));
            BackupType type = BackupType.values()[random.nextInt(3)];
            all.add(completed(t.toString(), type, 100 + random.nextInt(900), random.nextInt(4) != 0));
        }
        String failed = failed(NOW.minus(Duration.ofDays(3)).toString());
        Pruner pruner = f.pruner(policy, BackupType.FULL);

        RetentionPlan preview = pruner.preview();
        assertThat(preview.toDelete()).hasSize(deletes);
        long previewBytes = (long) pruner.describe(preview).get("bytes_to_free");
        PruneResult result = pruner.apply();

        assertThat(result.deleted()).isEqualTo(preview.toDelete());
        assertThat(result.plan()).isEqualTo(preview);
        assertThat(result.freedBytes()).isEqualTo(previewBytes);
        assertThat(result.skipped()).isEmpty();
        Set<String> remaining = new HashSet<>();
        f.engine().catalog().all().forEach(r -> remaining.add(r.id()));
        Set<String> expected = new HashSet<>(preview.toKeep());
        expected.add(failed);
        assertThat(remaining).isEqualTo(expected);
        for (String id : all) {
            boolean deleted = preview.toDelete().contains(id);
            for (Path p : filesOf(id)) {
                assertThat(Files.exists(p)).as(p.toString()).isEqualTo(!deleted);
            }
        }
        String index = Files.readString(f.backupDir().resolve("metadata.json"));
        preview.toDelete().forEach(id -> assertThat(index).doesNotContain(id));
        assertThat(pruner.preview().toDelete()).as("a second run finds nothing more").isEmpty();
    }

    @Test
    void returns_what_it_deleted_not_what_an_earlier_preview_promised() throws Exception {
        String oldest = completed("2026-03-01T02:00:00Z", BackupType.FULL, 1000, false);
        String middle = completed("2026-03-02T02:00:00Z", BackupType.FULL, 2000, false);
        completed("2026-03-03T02:00:00Z", BackupType.FULL, 3000, false);
        completed("2026-03-04T02:00:00Z", BackupType.FULL, 4000, false);
        Pruner pruner = f.pruner(new RetentionPolicy(1, 2, 0, 0, 0, 0, 0), BackupType.FULL);
        assertThat(pruner.preview().toDelete()).containsExactly(middle, oldest);

        InUse.Claim download = f.engine().backups().inUse().claim(oldest);
        PruneResult result = pruner.apply();
        download.close();

        assertThat(result.deleted()).containsExactly(middle);
        assertThat(result.freedBytes()).isEqualTo(2000);
        assertThat(filesOf(oldest)).allMatch(Files::exists);
        assertThat(result.plan().decisions().stream().filter(d -> d.id().equals(oldest)).findFirst().orElseThrow().reason())
                .contains("in use");
    }

    @Test
    void refuses_while_another_backup_or_restore_holds_the_lock() throws Exception {
        String oldest = completed("2026-03-01T02:00:00Z", BackupType.FULL, 10, false);
        completed("2026-03-04T02:00:00Z", BackupType.FULL, 10, false);
        Pruner pruner = f.pruner(new RetentionPolicy(1, 1, 0, 0, 0, 0, 0), BackupType.FULL);
        try (OperationLock.Lease lease = f.engine().backups().lock().acquire("restore of 20260101-020000-full")) {
            assertThatThrownBy(pruner::apply).isInstanceOfSatisfying(BackupException.class,
                    e -> assertThat(e.kind()).isEqualTo(ErrorKind.BUSY));
        }
        assertThat(filesOf(oldest)).allMatch(Files::exists);
        assertThat(pruner.apply().deleted()).containsExactly(oldest);
    }

    @Test
    void takes_a_retention_backup_first_when_fewer_than_min_count_exist() throws Exception {
        completed("2026-03-03T02:00:00Z", BackupType.FULL, 10, true);
        PruneResult result = f.pruner(new RetentionPolicy(3, 50, 90, 24, 7, 4, 6), BackupType.CONFIG).apply();

        assertThat(result.retentionBackupId()).isEqualTo("20260304-120000-config");
        BackupRecord taken = f.engine().catalog().get(result.retentionBackupId()).orElseThrow();
        assertThat(taken.trigger()).isEqualTo(Trigger.RETENTION);
        assertThat(taken.type()).isEqualTo(BackupType.CONFIG);
        assertThat(taken.isCompleted()).isTrue();
        assertThat(result.deleted()).isEmpty();
        assertThat(result.plan().toKeep()).hasSize(2);
    }

    @Test
    void takes_no_retention_backup_when_backups_are_disabled() throws Exception {
        completed("2026-03-03T02:00:00Z", BackupType.FULL, 10, true);
        PruneResult result = f.pruner(RetentionPolicy.defaults(), null).apply();
        assertThat(result.retentionBackupId()).isNull();
        assertThat(f.engine().catalog().all()).hasSize(1);
    }

    @Test
    void drops_failed_records_older_than_max_days_and_keeps_recent_ones() throws Exception {
        completed("2026-03-04T02:00:00Z", BackupType.FULL, 10, true);
        String old = failed("2026-01-01T02:00:00Z");
        String recent = failed("2026-03-02T02:00:00Z");
        PruneResult result = f.pruner(new RetentionPolicy(1, 0, 30, 24, 7, 4, 6), BackupType.FULL).apply();
        assertThat(result.droppedFailed()).containsExactly(old);
        assertThat(f.engine().catalog().contains(old)).isFalse();
        assertThat(f.backupDir().resolve("backup-" + old + ".json")).doesNotExist();
        assertThat(f.engine().catalog().contains(recent)).isTrue();
    }

    @Test
    void counts_and_notifies_only_when_something_was_deleted() throws Exception {
        String oldest = completed("2026-03-01T02:00:00Z", BackupType.FULL, 1500, false);
        completed("2026-03-04T02:00:00Z", BackupType.FULL, 10, false);
        Pruner pruner = f.pruner(new RetentionPolicy(1, 1, 0, 0, 0, 0, 0), BackupType.FULL);

        pruner.apply();
        pruner.apply();

        assertThat(f.sent()).hasSize(1);
        NotificationEvent e = f.sent().get(0);
        assertThat(e.event()).isEqualTo(NotificationEvent.RETENTION_CLEANUP);
        assertThat(e.details()).containsEntry("deleted", List.of(oldest)).containsEntry("freed_bytes", 1500L);
        assertThat(f.engine().metrics().scrape()).containsPattern("cartographus_retention_deleted_total(\\{[^}]*})? 1\\.0");
    }

    @Test
    void describes_the_plan_with_policy_timezone_and_a_reason_per_backup() throws Exception {
        String oldest = completed("2026-03-01T02:00:00Z", BackupType.FULL, 700, false);
        String newest = completed("2026-03-04T02:00:00Z", BackupType.DATABASE, 10, false);
        Pruner pruner = f.pruner(new RetentionPolicy(1, 1, 0, 0, 0, 0, 0), BackupType.FULL);
        Map<String, Object> d = pruner.describe(pruner.preview());

        assertThat(d).containsKeys("policy", "timezone", "decisions", "to_delete", "to_keep", "needs_retention_backup",
                "expired_failed", "bytes_to_free");
        assertThat(d.get("timezone")).isEqualTo("Z");
        assertThat(d.get("to_delete")).isEqualTo(List.of(oldest));
        assertThat(d.get("to_keep")).isEqualTo(List.of(newest));
        assertThat(d.get("bytes_to_free")).isEqualTo(700L);
        @SuppressWarnings("unchecked")
        Map<String, Object> policy = (Map<String, Object>) d.get("policy");
        assertThat(policy).containsEntry("max_count", 1).containsEntry("min_count", 1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> decisions = (List<Map<String, Object>>) d.get("decisions");
        assertThat(decisions).extracting(m -> m.get("id")).containsExactly(newest, oldest);
        assertThat(decisions.get(1)).containsEntry("keep", false).containsEntry("created_at", "2026-03-01T02:00:00Z");
        assertThat((String) decisions.get(1).get("reason")).startsWith("deleted: ").contains("MAX_COUNT");
    }
}
