package io.cartographus.retention;

import io.cartographus.config.RetentionPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartographus.config.BackupType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole plans compared with reviewed JSON files in src/test/resources/retention-golden/. After a
 * deliberate change, regenerate with {@code mvn test -Dgolden.update=true} and review the diff.
 */
class RetentionGoldenTest {

    private static final Path DIR = Path.of("src", "test", "resources", "retention-golden");
    private static final Instant GUIDE_NOW = Instant.parse("2026-04-01T09:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    record Scenario(List<RetentionCandidate> backups, RetentionPolicy policy, Instant now, ZoneId zone) {
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("half-year-daily-defaults", new Scenario(
                        History.empty().every(Duration.ofDays(1), "2025-09-01T02:00:00Z", "2026-03-04T02:00:00Z")
                                .withStatus("2025-10-15T02:30:00Z", "failed")
                                .withStatus("2026-02-01T02:30:00Z", "corrupted").build(),
                        RetentionPolicy.defaults(), Instant.parse("2026-03-04T12:00:00Z"), ZoneId.of("UTC"))),
                Arguments.of("guide-example-berlin-pre-sync", new Scenario(guideHistory(),
                        new RetentionPolicy(5, 100, 90, 24, 14, 8, 12), GUIDE_NOW, ZoneId.of("Europe/Berlin"))),
                Arguments.of("safety-rules-tight-limits", new Scenario(
                        History.empty().full("2025-06-01T02:00:00Z").inUse("2025-07-01T02:00:00Z", false)
                                .full("2026-02-01T02:00:00Z")
                                .unverified("2026-03-01T02:00:00Z", BackupType.FULL)
                                .unverified("2026-03-03T02:00:00Z", BackupType.DATABASE)
                                .preRestore("2026-03-04T10:00:00Z")
                                .unverified("2026-03-04T11:00:00Z", BackupType.FULL)
                                .full("2026-03-04T12:05:00Z") // five minutes ahead of the clock
                                .build(),
                        new RetentionPolicy(1, 2, 1, 24, 7, 4, 6), Instant.parse("2026-03-04T12:00:00Z"),
                        ZoneId.of("America/New_York"))),
                Arguments.of("random-seeded-sydney", new Scenario(
                        RetentionPlanTest.randomHistory(new Random(7), 150), RetentionPolicy.defaults(),
                        Instant.parse("2026-03-04T12:00:00Z"), ZoneId.of("Australia/Sydney"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void plan_matches_the_reviewed_golden_file(String name, Scenario s) throws IOException {
        String actual = render(s, Retention.plan(s.backups(), s.policy(), s.now(), s.zone()));
        Path file = DIR.resolve(name + ".json");

        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(DIR);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(file).as("golden file %s is missing; run mvn test -Dgolden.update=true", file).exists();
        String expected = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        assertThat(actual).as("plan differs from %s (regenerate with -Dgolden.update=true if intended)", file)
                .isEqualTo(expected);
    }

    private static String render(Scenario s, RetentionPlan plan) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("now", s.now().toString());
        root.put("zone", s.zone().getId());
        RetentionPolicy p = s.policy();
        root.putObject("policy").put("min_count", p.minCount()).put("max_count", p.maxCount())
                .put("max_days", p.maxDays()).put("keep_recent_hours", p.keepRecentHours())
                .put("keep_daily_days", p.keepDailyDays()).put("keep_weekly_weeks", p.keepWeeklyWeeks())
                .put("keep_monthly_months", p.keepMonthlyMonths());
        root.put("needs_retention_backup", plan.needsRetentionBackup());
        plan.expiredFailedIds().forEach(root.putArray("expired_failed_ids")::add);
        ArrayNode decisions = root.putArray("decisions");
        for (RetentionDecision d : plan.decisions()) {
            decisions.addObject().put("id", d.id()).put("created_at", d.createdAt().toString())
                    .put("keep", d.keep()).put("reason", d.reason());
        }
        return JSON.writeValueAsString(root).replace("\r\n", "\n") + "\n";
    }

    /** Daily scheduled full backups at 02:00 Berlin, pre-sync backups most days, some failures. */
    private static List<RetentionCandidate> guideHistory() {
        History h = History.empty();
        Random random = new Random(11);
        for (Instant day = Instant.parse("2025-11-01T01:00:00Z"); day.isBefore(GUIDE_NOW);
                day = day.plus(Duration.ofDays(1))) {
            if (random.nextInt(10) == 0) {
                h.withStatus(day.toString(), "failed");
            } else {
                h.full(day.toString());
            }
            Instant sync = day.plus(Duration.ofMinutes(600 + random.nextInt(300)));
            if (random.nextBoolean() && sync.isBefore(GUIDE_NOW)) {
                h.preSync(sync.toString());
            }
        }
        return h.build();
    }
}
