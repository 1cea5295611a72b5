package io.cartographus.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.catalog.Trigger;
import io.cartographus.config.BackupType;
import io.cartographus.testing.Seeds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DrillPlanTest {
    private static final Duration MONTH = Duration.ofHours(720);
    private static final Instant T = Instant.parse("2026-03-01T02:00:00Z");

    /** Backups "day:type:status", newest last in the table; which one a drill takes (null: none). */
    static Stream<Arguments> choices() {
        return Stream.of(
                Arguments.of("nothing at all", List.of(), null),
                Arguments.of("the newest completed one", List.of("1:full:completed", "2:full:completed", "3:database:completed"), 3),
                Arguments.of("a configuration-only backup has no database to restore", List.of("1:full:completed", "2:config:completed"), 1),
                Arguments.of("a newest corrupted backup is drilled (and fails), not skipped",
                        List.of("1:full:completed", "2:full:corrupted"), 2),
                Arguments.of("a failed backup has no archive", List.of("1:full:completed", "2:full:failed"), 1),
                Arguments.of("one being written has no archive yet", List.of("1:database:completed", "2:full:in_progress"), 1),
                Arguments.of("only configuration and failures: nothing", List.of("1:config:completed", "2:full:failed"), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("choices")
    void takes_the_newest_backup_with_a_database_and_an_archive(String name, List<String> table, Integer expectedDay) {
        List<BackupRecord> all = new ArrayList<>(table.stream().map(DrillPlanTest::record).toList());
        Collections.reverse(all); // the catalog lists newest first
        assertThat(DrillPlan.newestLocal(all).map(r -> r.createdAt()))
                .isEqualTo(java.util.Optional.ofNullable(expectedDay).map(DrillPlanTest::day));
    }

    @Test
    void the_choice_does_not_depend_on_the_order_it_is_given_in() {
        List<BackupRecord> all = new ArrayList<>();
        for (int d = 1; d <= 20; d++) {
            all.add(record(d + ":" + (d % 3 == 0 ? "config" : "full") + ":" + (d % 5 == 0 ? "failed" : "completed")));
        }
        Random random = new Random(Seeds.seed("DrillPlanTest.order"));
        for (int round = 0; round < 50; round++) {
            Collections.shuffle(all, random);
            assertThat(DrillPlan.newestLocal(all)).map(BackupRecord::createdAt).contains(day(19));
        }
    }

    static Stream<Arguments> nextTimes() {
        return Stream.of(
                Arguments.of("off", null, T, Duration.ZERO, null),
                Arguments.of("never drilled: at the first chance after start-up", null, T.plusSeconds(900), MONTH, T.plusSeconds(900)),
                Arguments.of("an interval after the last drill started", T, T.minusSeconds(60), MONTH, T.plus(MONTH)),
                Arguments.of("overdue after a long stop: at the first chance, not in the past", T, T.plus(Duration.ofDays(40)), MONTH,
                        T.plus(Duration.ofDays(40))),
                Arguments.of("a retry waits even when due", T, T.plus(MONTH).plusSeconds(900), MONTH, T.plus(MONTH).plusSeconds(900)),
                Arguments.of("no retry pending", T, null, Duration.ofHours(24), T.plus(Duration.ofHours(24))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nextTimes")
    void the_next_drill_is_an_interval_after_the_last_and_never_before_the_retry(String name, Instant last, Instant notBefore,
                                                                                Duration interval, Instant expected) {
        assertThat(DrillPlan.next(last, notBefore, interval)).isEqualTo(expected);
    }

    static Stream<Arguments> retries() {
        return Stream.of(Arguments.of(Duration.ofMinutes(1), Duration.ofMinutes(1)), Arguments.of(Duration.ofMinutes(15), Duration.ofMinutes(15)),
                Arguments.of(MONTH, Duration.ofMinutes(15)));
    }

    @ParameterizedTest(name = "interval {0}: retry after {1}")
    @MethodSource("retries")
    void a_retry_waits_a_quarter_hour_or_the_interval_if_shorter(Duration interval, Duration expected) {
        assertThat(DrillPlan.retryDelay(interval)).isEqualTo(expected);
    }

    private static Instant day(int d) {
        return T.plus(Duration.ofDays(d - 1));
    }

    private static BackupRecord record(String spec) {
        String[] p = spec.split(":");
        int d = Integer.parseInt(p[0]);
        BackupType type = BackupType.parse(p[1]);
        Instant created = day(d);
        String id = String.format("202603%02d-020000-%s", d, type.label());
        BackupRecord r = BackupRecord.starting(id, type, Trigger.SCHEDULED, created, null, "test");
        if (p[2].equals("in_progress")) {
            return r;
        }
        r = r.completed(created.plusSeconds(5), "backup-" + id + ".tar.gz", 100, "ab", null, null, Map.of(), "v1.4", null);
        return switch (p[2]) {
            case "failed" -> r.failed(created.plusSeconds(5), "boom");
            case "corrupted" -> r.withStatus(BackupStatus.CORRUPTED, "bad");
            default -> r;
        };
    }
}
