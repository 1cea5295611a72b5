package io.cartographus.retention;

import io.cartographus.config.RetentionPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetentionWarningsTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("the guide's defaults: MAX_DAYS=90 cuts the 6-month window",
                        RetentionPolicy.defaults(), List.of(
                                "BACKUP_RETENTION_MAX_DAYS=90 is shorter than the monthly window (6 months, about"
                                        + " 180 days): monthly backups older than 90 days will be deleted, so only"
                                        + " the months of the last 90 days keep a monthly backup")),
                Arguments.of("the guide's example configuration: MAX_DAYS=90 cuts the 12-month window",
                        new RetentionPolicy(5, 100, 90, 24, 14, 8, 12), List.of(
                                "BACKUP_RETENTION_MAX_DAYS=90 is shorter than the monthly window (12 months, about"
                                        + " 360 days): monthly backups older than 90 days will be deleted, so only"
                                        + " the months of the last 90 days keep a monthly backup")),
                Arguments.of("consistent settings", new RetentionPolicy(3, 50, 200, 24, 7, 4, 6), List.of()),
                Arguments.of("MAX_DAYS shorter than every window", new RetentionPolicy(0, 0, 5, 168, 7, 4, 6), List.of(
                        "BACKUP_RETENTION_MAX_DAYS=5 is shorter than the monthly window (6 months, about 180 days):"
                                + " monthly backups older than 5 days will be deleted, so only the months of the"
                                + " last 5 days keep a monthly backup",
                        "BACKUP_RETENTION_MAX_DAYS=5 is shorter than the weekly window (4 weeks, 28 days): weekly"
                                + " backups older than 5 days will be deleted",
                        "BACKUP_RETENTION_MAX_DAYS=5 is shorter than the daily window (7 days): daily backups older"
                                + " than 5 days will be deleted",
                        "BACKUP_RETENTION_MAX_DAYS=5 is shorter than BACKUP_RETENTION_KEEP_RECENT_HOURS=168:"
                                + " backups older than 5 days will be deleted even though they are recent")),
                Arguments.of("MAX_COUNT below what the keep rules want", new RetentionPolicy(3, 10, 0, 24, 7, 4, 6),
                        List.of("BACKUP_RETENTION_MAX_COUNT=10 is smaller than the up to 17 backups the keep rules"
                                + " ask for (7 daily + 4 weekly + 6 monthly): at most 10 backups will be kept;"
                                + " the oldest GFS backups will be deleted")),
                Arguments.of("MIN_COUNT above MAX_COUNT", new RetentionPolicy(5, 3, 0, 24, 1, 1, 1), List.of(
                        "BACKUP_RETENTION_MIN_COUNT=5 is larger than BACKUP_RETENTION_MAX_COUNT=3: MIN_COUNT is"
                                + " applied last and wins, so 5 backups are kept when that many exist")),
                Arguments.of("MAX_COUNT=1", new RetentionPolicy(0, 1, 0, 0, 1, 0, 0), List.of(
                        "BACKUP_RETENTION_MAX_COUNT=1: the newest verified backup is never deleted, so while a"
                                + " newer backup is not yet verified two backups are kept")),
                Arguments.of("all keep rules zero", new RetentionPolicy(3, 50, 90, 0, 0, 0, 0), List.of(
                        "all BACKUP_RETENTION_KEEP_* rules are 0: every backup is kept by GFS;"
                                + " only MAX_DAYS/MAX_COUNT delete")),
                Arguments.of("nothing ever deletes", new RetentionPolicy(3, 0, 0, 0, 0, 0, 0), List.of(
                        "all BACKUP_RETENTION_KEEP_* rules are 0 and MAX_DAYS and MAX_COUNT are 0 (unlimited):"
                                + " no backup is ever deleted; the backup directory grows without limit")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void says_what_will_actually_happen(String name, RetentionPolicy policy, List<String> expected) {
        assertThat(RetentionWarnings.of(policy)).containsExactlyElementsOf(expected);
    }
}
