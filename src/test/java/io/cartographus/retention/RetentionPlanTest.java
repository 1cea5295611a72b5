package io.cartographus.retention;

import io.cartographus.config.RetentionPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.config.BackupType;
import io.cartographus.testing.Seeds;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the plan carries besides the kept set: failed records, the retention backup, order, input checks. */
class RetentionPlanTest {

    private static final Instant NOW = Instant.parse("2026-03-04T12:00:00Z");
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void only_completed_backups_get_decisions_and_old_failed_ones_expire() {
        List<RetentionCandidate> history = History.empty()
                .full("2026-03-04T02:00:00Z")
                .withStatus("2026-03-03T02:00:00Z", "failed")
                .withStatus("2025-11-01T02:00:00Z", "failed") // 123 days old
                .withStatus("2025-12-01T02:00:00Z", "corrupted") // 93 days old
                .withStatus("2025-12-05T02:00:00Z", "failed") // 89 days old
                .withStatus("2025-01-01T02:00:00Z", "in_progress") // abandoned, not retention's business
                .build();

        RetentionPlan plan = Retention.plan(history, RetentionPolicy.defaults(), NOW, UTC);

        assertThat(plan.decisions()).extracting(RetentionDecision::id).containsExactly("20260304-020000-full");
        assertThat(plan.expiredFailedIds()).containsExactly("20251201-020000-full", "20251101-020000-full");
    }

    @Test
    void failed_records_never_expire_when_max_days_is_unlimited() {
        List<RetentionCandidate> history = History.empty().withStatus("2020-01-01T02:00:00Z", "failed").build();

        RetentionPlan plan = Retention.plan(history, new RetentionPolicy(3, 50, 0, 24, 7, 4, 6), NOW, UTC);

        assertThat(plan.expiredFailedIds()).isEmpty();
    }

    static Stream<Arguments> retentionBackupCases() {
        return Stream.of(
                Arguments.of(0, 0, false),
                Arguments.of(0, 3, true),
                Arguments.of(2, 3, true),
                Arguments.of(3, 3, false),
                Arguments.of(4, 3, false),
                Arguments.of(0, 0, false));
    }

    @ParameterizedTest(name = "{0} completed, MIN_COUNT={1}: retention backup needed = {2}")
    @MethodSource("retentionBackupCases")
    void asks_for_a_retention_backup_when_fewer_than_min_count_completed_exist(int completed, int minCount,
            boolean needed) {
        History h = History.empty().withStatus("2026-03-04T01:00:00Z", "failed")
                .withStatus("2026-03-04T01:30:00Z", "corrupted");
        for (int i = 0; i < completed; i++) {
            h.full(NOW.minus(Duration.ofHours(i + 1)).toString());
        }

        RetentionPlan plan = Retention.plan(h.build(), new RetentionPolicy(minCount, 50, 90, 24, 7, 4, 6), NOW, UTC);

        assertThat(plan.needsRetentionBackup()).isEqualTo(needed);
        assertThat(plan.toDelete()).isEmpty();
    }

    @Test
    void decisions_are_newest_first_and_same_second_ties_go_by_id() {
        List<RetentionCandidate> history = History.empty()
                .full("2026-03-01T02:00:00Z").full("2026-03-03T02:00:00Z").full("2026-03-03T02:00:00Z")
                .full("2026-03-02T02:00:00Z").build();

        RetentionPlan plan = Retention.plan(history, new RetentionPolicy(0, 0, 0, 0, 7, 0, 0), NOW, UTC);

        assertThat(plan.decisions()).extracting(RetentionDecision::id).containsExactly(
                "20260303-020000-full-2", "20260303-020000-full", "20260302-020000-full", "20260301-020000-full");
        // Same day, same type, same verification, same second: the larger id is the best.
        assertThat(plan.toDelete()).containsExactly("20260303-020000-full");
    }

    @Test
    void the_plan_does_not_depend_on_the_order_of_the_input() {
        Random random = new Random(Seeds.seed("RetentionPlanTest.input_order"));
        List<RetentionCandidate> history = randomHistory(random, 2_000);
        RetentionPlan expected = Retention.plan(history, RetentionPolicy.defaults(), NOW, UTC);

        for (int round = 0; round < 5; round++) {
            List<RetentionCandidate> shuffled = new ArrayList<>(history);
            Collections.shuffle(shuffled, random);
            assertThat(Retention.plan(shuffled, RetentionPolicy.defaults(), NOW, UTC)).isEqualTo(expected);
        }
    }

    @Test
    void random_histories_respect_the_ceiling_the_floor_and_the_protections() {
        Random random = new Random(Seeds.seed("RetentionPlanTest.random_histories"));
        for (int round = 0; round < 200; round++) {
            List<RetentionCandidate> history = randomHistory(random, 1 + random.nextInt(300));
            RetentionPolicy policy = new RetentionPolicy(random.nextInt(6), random.nextInt(40), random.nextInt(200),
                    random.nextInt(48), random.nextInt(15), random.nextInt(9), random.nextInt(13));

            RetentionPlan plan = Retention.plan(history, policy, NOW, UTC);

            List<RetentionCandidate> completed = history.stream().filter(RetentionCandidate::completed).toList();
            List<String> protectedIds = new ArrayList<>();
            completed.stream().filter(RetentionCandidate::verificationPassed).max(Retention.NEWEST_FIRST.reversed())
                    .ifPresent(b -> protectedIds.add(b.id()));
            completed.stream().filter(b -> b.inUse() || b.createdAt().isAfter(NOW))
                    .forEach(b -> protectedIds.add(b.id()));
            String context = "round " + round + " " + policy;
            assertThat(plan.decisions()).as(context).hasSize(completed.size());
            assertThat(plan.toKeep()).as(context).containsAll(protectedIds);
            assertThat(plan.toKeep().size()).as(context)
                    .isGreaterThanOrEqualTo(Math.min(policy.minCount(), completed.size()));
            if (policy.maxCount() > 0) {
                assertThat(plan.toKeep().size()).as(context)
                        .isLessThanOrEqualTo(Math.max(policy.maxCount() + protectedIds.size(), policy.minCount()));
            }
            assertThat(plan.decisions()).as(context)
                    .allMatch(d -> d.reason().startsWith(d.keep() ? "kept: " : "deleted: "));
        }
    }

    @Test
    void handles_ten_thousand_backups() {
        List<RetentionCandidate> history = History.empty().every(Duration.ofMinutes(30),
                NOW.minus(Duration.ofMinutes(30L * 10_000)).toString(), NOW.minus(Duration.ofMinutes(30)).toString())
                .build();
        assertThat(history).hasSize(10_000);

        ZoneId berlin = ZoneId.of("Europe/Berlin");
        long start = System.nanoTime();
        Retention.plan(history, RetentionPolicy.defaults(), NOW, berlin);
        long first = System.nanoTime();
        RetentionPlan plan = Retention.plan(history, RetentionPolicy.defaults(), NOW, berlin);
        long second = System.nanoTime();
        // Reported, not asserted: a shared 2-core machine makes timings too noisy to fail on.
        System.out.printf("Retention.plan over 10 000 backups: first call %d ms, second %d ms%n",
                (first - start) / 1_000_000, (second - first) / 1_000_000);

        assertThat(plan.decisions()).hasSize(10_000);
        assertThat(plan.toKeep()).hasSize(50); // MAX_COUNT: the last 24 hours alone hold 48
    }

    @Test
    void rejects_what_it_cannot_judge() {
        List<RetentionCandidate> twice = History.empty().full("2026-03-04T02:00:00Z").build();
        List<RetentionCandidate> duplicate = List.of(twice.get(0), twice.get(0));

        assertThatThrownBy(() -> Retention.plan(duplicate, RetentionPolicy.defaults(), NOW, UTC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("20260304-020000-full");
        assertThatThrownBy(() -> Retention.plan(twice, new RetentionPolicy(-1, 0, 0, 0, 0, 0, 0), NOW, UTC))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetentionCandidate("x", NOW, BackupType.FULL, "done", true, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("done");
    }

    /** Up to a year back and a little into the future, all types, statuses and flags. */
    static List<RetentionCandidate> randomHistory(Random random, int size) {
        History h = History.empty();
        String[] statuses = {"completed", "completed", "completed", "completed", "failed", "corrupted", "in_progress"};
        for (int i = 0; i < size; i++) {
            long secondsBack = (long) (random.nextDouble() * 366 * 86_400) - 7_200;
            BackupType type = BackupType.values()[random.nextInt(3)];
            h.add(NOW.minusSeconds(secondsBack).toString(), type, type.label(),
                    statuses[random.nextInt(statuses.length)], random.nextInt(3) > 0, random.nextInt(40) == 0);
        }
        return h.build();
    }
}
