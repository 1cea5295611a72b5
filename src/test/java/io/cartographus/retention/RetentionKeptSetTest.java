package io.cartographus.retention;

import io.cartographus.config.RetentionPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.config.BackupType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Exact kept sets over synthetic histories: one row per history, policy, clock and zone. */
class RetentionKeptSetTest {

    private static final String NOW = "2026-03-04T12:00:00Z"; // a Wednesday; ISO week 2026-W10
    private static final RetentionPolicy DEFAULTS = RetentionPolicy.defaults();
    private static final RetentionPolicy GUIDE_EXAMPLE = new RetentionPolicy(5, 100, 90, 24, 14, 8, 12);

    record Case(List<RetentionCandidate> history, RetentionPolicy policy, String now, String zone,
            List<String> kept) {
    }

    static Stream<Arguments> cases() {
        List<RetentionCandidate> twoYears = History.empty()
                .every(Duration.ofDays(1), "2024-03-05T02:00:00Z", "2026-03-04T02:00:00Z").build();
        return Stream.of(
                row("two years of daily backups, defaults: 7 daily, 4 weekly, monthly cut at 90 days",
                        twoYears, DEFAULTS, NOW, "UTC",
                        at2("2026-03-04", "2026-03-03", "2026-03-02", "2026-03-01", "2026-02-28", "2026-02-27",
                                "2026-02-26", // daily (today included)
                                "2026-02-22", "2026-02-15", // weekly W08, W07 (W10, W09 are daily)
                                "2026-01-31", "2025-12-31")), // monthly; Nov and Oct are older than 90 days
                row("two years of daily backups, no MAX_DAYS: all 6 monthly",
                        twoYears, new RetentionPolicy(3, 50, 0, 24, 7, 4, 6), NOW, "UTC",
                        at2("2026-03-04", "2026-03-03", "2026-03-02", "2026-03-01", "2026-02-28", "2026-02-27",
                                "2026-02-26", "2026-02-22", "2026-02-15", "2026-01-31", "2025-12-31",
                                "2025-11-30", "2025-10-31")),
                row("the guide's example configuration (14 daily, 8 weekly, 12 monthly, 90 days)",
                        twoYears, GUIDE_EXAMPLE, NOW, "UTC",
                        at2("2026-03-04", "2026-03-03", "2026-03-02", "2026-03-01", "2026-02-28", "2026-02-27",
                                "2026-02-26", "2026-02-25", "2026-02-24", "2026-02-23", "2026-02-22", "2026-02-21",
                                "2026-02-20", "2026-02-19", // 14 days
                                "2026-02-15", "2026-02-08", "2026-02-01", "2026-01-25", "2026-01-18", // weekly
                                "2026-01-31", "2025-12-31")), // monthly within 90 days
                row("gaps of several days: the daily rule counts calendar days, weekly reaches back",
                        History.empty().full("2026-03-04T02:00:00Z").full("2026-02-27T02:00:00Z")
                                .full("2026-02-20T02:00:00Z").full("2026-02-11T02:00:00Z")
                                .full("2026-02-10T02:00:00Z").full("2026-01-15T02:00:00Z")
                                .full("2025-12-20T02:00:00Z").full("2025-11-01T02:00:00Z").build(),
                        DEFAULTS, NOW, "UTC",
                        at2("2026-03-04", "2026-02-27", "2026-02-20", "2026-02-11", "2026-01-15", "2025-12-20")),
                row("many backups a day: all recent ones, then the last of each day",
                        History.empty().every(Duration.ofHours(1), "2026-03-01T00:00:00Z", NOW).build(),
                        DEFAULTS, NOW, "UTC",
                        concat(hourly("2026-03-03T12:00:00Z", NOW),
                                List.of(History.fullId("2026-03-02T23:00:00Z"),
                                        History.fullId("2026-03-01T23:00:00Z")))),
                row("MAX_COUNT is a true ceiling even when every backup is recent",
                        History.empty().every(Duration.ofHours(1), "2026-03-01T00:00:00Z", NOW).build(),
                        new RetentionPolicy(3, 10, 90, 24, 7, 4, 6), NOW, "UTC",
                        hourly("2026-03-04T03:00:00Z", NOW)),
                row("a backup at 23:30 UTC is on the same day as the one before in UTC",
                        zoneHistory(), new RetentionPolicy(0, 0, 0, 0, 14, 0, 0), "2026-03-10T12:00:00Z", "UTC",
                        List.of(History.fullId("2026-03-03T23:30:00Z"), History.fullId("2026-03-04T08:00:00Z"))),
                row("a backup at 23:30 UTC is on the next day in Europe/Berlin",
                        zoneHistory(), new RetentionPolicy(0, 0, 0, 0, 14, 0, 0), "2026-03-10T12:00:00Z",
                        "Europe/Berlin",
                        List.of(History.fullId("2026-03-03T22:00:00Z"), History.fullId("2026-03-04T08:00:00Z"))),
                row("the 23-hour day when Berlin springs forward keeps its own last backup",
                        History.empty().every(Duration.ofHours(1), "2026-03-27T23:00:00Z", "2026-03-30T10:00:00Z")
                                .build(),
                        new RetentionPolicy(0, 0, 0, 0, 7, 0, 0), "2026-03-30T10:30:00Z", "Europe/Berlin",
                        List.of(History.fullId("2026-03-30T10:00:00Z"), // today, 12:00 CEST
                                History.fullId("2026-03-29T21:00:00Z"), // 23:00 CEST on the 23-hour day
                                History.fullId("2026-03-28T22:00:00Z"))), // 23:00 CET
                row("the 25-hour day when Berlin falls back keeps its own last backup",
                        History.empty().every(Duration.ofHours(1), "2026-10-23T22:00:00Z", "2026-10-26T10:00:00Z")
                                .build(),
                        new RetentionPolicy(0, 0, 0, 0, 7, 0, 0), "2026-10-26T10:30:00Z", "Europe/Berlin",
                        List.of(History.fullId("2026-10-26T10:00:00Z"),
                                History.fullId("2026-10-25T22:00:00Z"), // 23:00 CET on the 25-hour day
                                History.fullId("2026-10-24T21:00:00Z"))), // 23:00 CEST
                row("MAX_DAYS counts calendar days: across the spring gap one day is 23 hours",
                        History.empty().full("2026-03-29T11:00:00Z")
                                .unverified("2026-03-28T12:30:00Z", BackupType.FULL).build(),
                        new RetentionPolicy(0, 0, 1, 48, 0, 0, 0), "2026-03-29T12:00:00Z", "Europe/Berlin",
                        List.of(History.fullId("2026-03-29T11:00:00Z"))),
                row("the same history in UTC: one day is 24 hours",
                        History.empty().full("2026-03-29T11:00:00Z")
                                .unverified("2026-03-28T12:30:00Z", BackupType.FULL).build(),
                        new RetentionPolicy(0, 0, 1, 48, 0, 0, 0), "2026-03-29T12:00:00Z", "UTC",
                        List.of(History.fullId("2026-03-29T11:00:00Z"), "20260328-123000-full")),
                row("weekly buckets are ISO weeks across a year end (2026-W53 and 2027-W01)",
                        History.empty().full("2026-12-27T02:00:00Z").full("2026-12-31T02:00:00Z")
                                .full("2027-01-03T02:00:00Z").full("2027-01-04T02:00:00Z").build(),
                        new RetentionPolicy(0, 0, 0, 0, 0, 3, 0), "2027-01-05T12:00:00Z", "UTC",
                        at2("2027-01-04", "2027-01-03", "2026-12-27")),
                row("monthly buckets are calendar months, leap February included",
                        History.empty().full("2028-02-28T02:00:00Z").full("2028-02-29T02:00:00Z")
                                .full("2028-03-01T02:00:00Z").full("2028-01-31T02:00:00Z").build(),
                        new RetentionPolicy(0, 0, 0, 0, 0, 0, 2), "2028-03-02T12:00:00Z", "UTC",
                        at2("2028-03-01", "2028-02-29")),
                row("all keep rules 0: GFS keeps everything and only MAX_DAYS deletes",
                        History.empty().every(Duration.ofDays(1), "2026-02-01T02:00:00Z", "2026-03-04T02:00:00Z")
                                .build(),
                        new RetentionPolicy(0, 0, 3, 0, 0, 0, 0), NOW, "UTC",
                        at2("2026-03-04", "2026-03-03", "2026-03-02")),
                row("all keep rules 0: only MAX_COUNT deletes",
                        History.empty().every(Duration.ofDays(1), "2026-02-01T02:00:00Z", "2026-03-04T02:00:00Z")
                                .build(),
                        new RetentionPolicy(0, 2, 0, 0, 0, 0, 0), NOW, "UTC",
                        at2("2026-03-04", "2026-03-03")),
                row("MIN_COUNT puts back the newest deleted ones when everything is too old",
                        History.empty().every(Duration.ofDays(1), "2025-07-01T02:00:00Z", "2025-07-10T02:00:00Z")
                                .build(),
                        DEFAULTS, NOW, "UTC",
                        at2("2025-07-10", "2025-07-09", "2025-07-08")),
                row("MIN_COUNT larger than MAX_COUNT: MIN_COUNT wins",
                        History.empty().every(Duration.ofHours(1), "2026-03-04T00:00:00Z", NOW).build(),
                        new RetentionPolicy(5, 3, 90, 24, 7, 4, 6), NOW, "UTC",
                        hourly("2026-03-04T08:00:00Z", NOW)),
                row("MAX_COUNT=1 keeps the newest and the newest verified one (which it never deletes)",
                        History.empty().full("2026-03-01T02:00:00Z").full("2026-03-02T02:00:00Z")
                                .unverified("2026-03-03T02:00:00Z", BackupType.FULL)
                                .unverified("2026-03-04T02:00:00Z", BackupType.FULL)
                                .build(),
                        new RetentionPolicy(0, 1, 0, 24, 7, 4, 6), NOW, "UTC",
                        at2("2026-03-04", "2026-03-02")),
                row("MAX_DAYS=1 never deletes the newest verified backup nor one in use",
                        History.empty().full("2025-01-01T02:00:00Z").inUse("2025-02-01T02:00:00Z", false)
                                .full("2025-03-01T02:00:00Z")
                                .unverified("2025-04-01T02:00:00Z", BackupType.FULL)
                                .build(),
                        new RetentionPolicy(0, 0, 1, 24, 7, 4, 6), NOW, "UTC",
                        at2("2025-03-01", "2025-02-01")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keeps_exactly_the_expected_backups(String name, Case c) {
        RetentionPlan plan = Retention.plan(c.history(), c.policy(), Instant.parse(c.now()), ZoneId.of(c.zone()));

        assertThat(plan.toKeep()).containsExactlyInAnyOrderElementsOf(c.kept());
        assertThat(plan.toKeep().size() + plan.toDelete().size()).isEqualTo(c.history().size());
    }

    private static Arguments row(String name, List<RetentionCandidate> history, RetentionPolicy policy, String now,
            String zone, List<String> kept) {
        return Arguments.of(name, new Case(history, policy, now, zone, kept));
    }

    /** Ids of full backups at 02:00 UTC on the given dates. */
    private static List<String> at2(String... dates) {
        return Arrays.stream(dates).map(d -> History.fullId(d + "T02:00:00Z")).toList();
    }

    private static List<String> hourly(String first, String last) {
        return History.empty().every(Duration.ofHours(1), first, last).build().stream()
                .map(RetentionCandidate::id).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private static List<RetentionCandidate> zoneHistory() {
        return History.empty().full("2026-03-03T22:00:00Z").full("2026-03-03T23:30:00Z")
                .full("2026-03-04T08:00:00Z").build();
    }
}
