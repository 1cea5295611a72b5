package io.cartographus.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.catalog.Trigger;
import io.cartographus.config.BackupType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScrubPlanTest {
    private static final Instant NOW = Instant.parse("2026-03-30T12:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    /** a..e: created on day 1..5 of March, last checked as given (null: never, so its creation counts). */
    static Stream<Arguments> plans() {
        return Stream.of(
                Arguments.of("never checked: oldest creation first", new String[] {null, null, null, null, null}, 100L, 1L << 30,
                        List.of("a", "b", "c", "d", "e")),
                Arguments.of("oldest check first, not oldest backup", new String[] {"2026-03-20", "2026-03-10", null, "2026-03-29", "2026-03-22"},
                        100L, 1L << 30, List.of("c", "b", "a", "e")),
                Arguments.of("checked within the interval: none due", new String[] {"2026-03-29", "2026-03-29", "2026-03-29", "2026-03-28",
                    "2026-03-24"}, 100L, 1L << 30, List.of()),
                Arguments.of("byte budget bounds the run", new String[] {null, null, null, null, null}, 100L, 250L, List.of("a", "b")),
                Arguments.of("one archive bigger than the budget is still checked", new String[] {null, null, null, null, null}, 1000L, 10L,
                        List.of("a")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void picks_due_backups_oldest_check_first_within_the_budget(String name, String[] checked, long size, long budget, List<String> expected) {
        List<BackupRecord> all = new ArrayList<>();
        for (int i = 0; i < checked.length; i++) {
            all.add(record(String.valueOf((char) ('a' + i)), i + 1, checked[i], size, BackupStatus.COMPLETED));
        }
        assertThat(ScrubPlan.pick(all, NOW, WEEK, budget)).extracting(BackupRecord::notes).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void checks_only_backups_with_an_archive(BackupStatus status, boolean pending, boolean picked) {
        BackupRecord r = record("a", 1, null, 10, status);
        if (pending) {
            r = r.withVerification(BackupRecord.Verification.pending());
        }
        assertThat(ScrubPlan.pick(List.of(r), NOW, WEEK, 100)).hasSize(picked ? 1 : 0);
    }

    static Stream<Arguments> statuses() {
        return Stream.of(Arguments.of(BackupStatus.COMPLETED, false, true), Arguments.of(BackupStatus.CORRUPTED, false, true),
                Arguments.of(BackupStatus.FAILED, false, false), Arguments.of(BackupStatus.IN_PROGRESS, false, false),
                Arguments.of(BackupStatus.COMPLETED, true, false));
    }

    private static BackupRecord record(String name, int day, String checked, long size, BackupStatus status) {
        Instant created = Instant.parse(String.format("2026-03-%02dT02:00:00Z", day));
        String id = String.format("202603%02d-020000-full", day);
        if (status == BackupStatus.IN_PROGRESS) {
            return BackupRecord.starting(id, BackupType.FULL, Trigger.SCHEDULED, created, name, "test");
        }
        BackupRecord r = BackupRecord.starting(id, BackupType.FULL, Trigger.SCHEDULED, created, name, "test")
                .completed(created.plusSeconds(5), "backup-" + id + ".tar.gz", size, "ab", null, null, Map.of(), "v1.4", null);
        if (status == BackupStatus.FAILED) {
            r = r.failed(created.plusSeconds(5), "boom");
        } else if (status == BackupStatus.CORRUPTED) {
            r = r.withStatus(status, "bad");
        }
        return checked == null ? r : r.withVerification(new BackupRecord.Verification("passed", Instant.parse(checked + "T00:00:00Z"), null));
    }
}
