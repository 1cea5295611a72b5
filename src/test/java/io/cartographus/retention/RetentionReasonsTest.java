package io.cartographus.retention;

import io.cartographus.config.RetentionPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.config.BackupType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every decision's reason names every rule that applied, in a fixed order. */
class RetentionReasonsTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    static Stream<Arguments> cases() {
        List<RetentionCandidate> twoYears = History.empty()
                .every(Duration.ofDays(1), "2024-03-05T02:00:00Z", "2026-03-04T02:00:00Z").build();
        List<RetentionCandidate> mixed = History.empty()
                .full("2026-02-20T01:00:00Z").preSync("2026-02-20T10:00:00Z").config("2026-02-20T15:00:00Z")
                .unverified("2026-02-20T20:00:00Z", BackupType.DATABASE)
                .unverified("2026-02-21T05:00:00Z", BackupType.FULL).preSync("2026-02-21T09:00:00Z")
                .config("2026-02-22T03:00:00Z").unverified("2026-02-22T11:00:00Z", BackupType.FULL)
                .build();
        RetentionPolicy defaults = RetentionPolicy.defaults();
        return Stream.of(
                row(twoYears, defaults, "2026-03-04T12:00:00Z", "20260304-020000-full",
                        "kept: newest verified backup (never deleted); within the last 24 hours;"
                                + " best backup of day 2026-03-04; best backup of ISO week 2026-W10;"
                                + " best backup of month 2026-03"),
                row(twoYears, defaults, "2026-03-04T12:00:00Z", "20260303-020000-full",
                        "kept: best backup of day 2026-03-03"),
                row(twoYears, defaults, "2026-03-04T12:00:00Z", "20260222-020000-full",
                        "kept: best backup of ISO week 2026-W08"),
                row(twoYears, defaults, "2026-03-04T12:00:00Z", "20260131-020000-full",
                        "kept: best backup of month 2026-01"),
                row(twoYears, defaults, "2026-03-04T12:00:00Z", "20260130-020000-full",
                        "deleted: kept by no rule"),
                row(twoYears, defaults, "2026-03-04T12:00:00Z", "20251130-020000-full",
                        "deleted: older than 90 days (BACKUP_RETENTION_MAX_DAYS)"),
                row(twoYears, new RetentionPolicy(3, 5, 0, 24, 7, 4, 6), "2026-03-04T12:00:00Z",
                        "20260227-020000-full", "deleted: beyond the 5 newest (BACKUP_RETENTION_MAX_COUNT)"),
                row(twoYears, new RetentionPolicy(0, 0, 0, 0, 0, 0, 0), "2026-03-04T12:00:00Z",
                        "20250101-020000-full", "kept: all keep rules are 0, so GFS keeps every backup"),
                // Best = verification passed, then full > database > config, then newest.
                row(mixed, defaults, "2026-02-22T12:00:00Z", "20260220-010000-full",
                        "kept: best backup of day 2026-02-20; best backup of ISO week 2026-W08;"
                                + " best backup of month 2026-02"),
                row(mixed, defaults, "2026-02-22T12:00:00Z", "20260221-090000-pre-sync",
                        "kept: best backup of day 2026-02-21"),
                row(mixed, defaults, "2026-02-22T12:00:00Z", "20260221-050000-full",
                        "deleted: kept by no rule"),
                row(mixed, defaults, "2026-02-22T12:00:00Z", "20260220-100000-pre-sync",
                        "deleted: kept by no rule"),
                row(mixed, defaults, "2026-02-22T12:00:00Z", "20260222-030000-config",
                        "kept: newest verified backup (never deleted); within the last 24 hours;"
                                + " best backup of day 2026-02-22"),
                row(mixed, defaults, "2026-02-22T12:00:00Z", "20260222-110000-full",
                        "kept: within the last 24 hours"),
                row(History.empty().every(Duration.ofHours(1), "2026-03-04T00:00:00Z", "2026-03-04T12:00:00Z")
                                .build(), new RetentionPolicy(5, 3, 90, 24, 7, 4, 6), "2026-03-04T12:00:00Z",
                        "20260304-080000-full",
                        "kept: BACKUP_RETENTION_MIN_COUNT=5; within the last 24 hours;"
                                + " would otherwise be deleted: beyond the 3 newest (BACKUP_RETENTION_MAX_COUNT)"),
                row(History.empty().inUse("2025-01-01T02:00:00Z", false).full("2026-03-04T02:00:00Z").build(),
                        new RetentionPolicy(0, 1, 1, 24, 7, 4, 6), "2026-03-04T12:00:00Z", "20250101-020000-full",
                        "kept: in use; would otherwise be deleted: kept by no rule"),
                row(History.empty().full("2025-01-01T02:00:00Z")
                                .unverified("2026-03-04T02:00:00Z", BackupType.FULL).build(),
                        new RetentionPolicy(0, 0, 90, 0, 0, 0, 6), "2026-03-04T12:00:00Z", "20250101-020000-full",
                        "kept: newest verified backup (never deleted); would otherwise be deleted: kept by no rule"),
                row(History.empty().full("2026-03-04T13:00:00Z").full("2026-03-04T02:00:00Z").build(),
                        defaults, "2026-03-04T12:00:00Z", "20260304-130000-full",
                        "kept: created after now (clock skew), judged once its time has passed;"
                                + " newest verified backup (never deleted)"),
                row(History.empty().full("2026-03-04T13:00:00Z").full("2026-03-04T02:00:00Z").build(),
                        defaults, "2026-03-04T12:00:00Z", "20260304-020000-full",
                        "kept: within the last 24 hours; best backup of day 2026-03-04;"
                                + " best backup of ISO week 2026-W10; best backup of month 2026-03"));
    }

    @ParameterizedTest(name = "{0} at {2}: {3}")
    @MethodSource("cases")
    void states_every_rule_that_applied(String history, Case c, String now, String id, String reason) {
        RetentionPlan plan = Retention.plan(c.backups(), c.policy(), Instant.parse(now), UTC);
        Map<String, RetentionDecision> byId = plan.decisions().stream()
                .collect(Collectors.toMap(RetentionDecision::id, Function.identity()));

        assertThat(byId).containsKey(id);
        assertThat(byId.get(id).reason()).isEqualTo(reason);
        assertThat(byId.get(id).keep()).isEqualTo(reason.startsWith("kept: "));
    }

    record Case(List<RetentionCandidate> backups, RetentionPolicy policy) {
    }

    private static Arguments row(List<RetentionCandidate> backups, RetentionPolicy policy, String now, String id,
            String reason) {
        return Arguments.of(backups.size() + " backups, " + policy, new Case(backups, policy), now, id, reason);
    }
}
