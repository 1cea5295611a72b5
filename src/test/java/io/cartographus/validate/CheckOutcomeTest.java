package io.cartographus.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.catalog.Trigger;
import io.cartographus.config.BackupType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CheckOutcomeTest {
    private static final Instant CREATED = Instant.parse("2026-03-01T02:00:00Z");
    private static final Instant AT = Instant.parse("2026-03-08T02:00:00Z");

    private static final ValidationReport VALID = new ValidationReport(true, true, true, true, true, List.of(), List.of());
    private static final ValidationReport BAD_CHECKSUM = new ValidationReport(false, false, true, true, true,
            List.of("checksum mismatch"), List.of());
    private static final ValidationReport MISSING = ArchiveVerifier.failed("archive file backup-x.tar.gz is missing");
    private static final ValidationReport BAD_TABLE = new ValidationReport(false, true, true, true, false,
            List.of("table t has 1 rows, the manifest says 2"), List.of());
    /** Encrypted archive without its key: the checksum matches, nothing else could be read. */
    private static final ValidationReport NO_KEY = new ValidationReport(false, true, false, false, false,
            List.of("the key is missing"), List.of());
    private static final ValidationReport NO_WORK_DIR = ArchiveVerifier.notChecked("cannot create a work directory");

    static Stream<Arguments> outcomes() {
        return Stream.of(
                Arguments.of("valid completed stays completed", BackupStatus.COMPLETED, VALID, BackupStatus.COMPLETED, "passed", null),
                Arguments.of("valid corrupted is completed again", BackupStatus.CORRUPTED, VALID, BackupStatus.COMPLETED, "passed", null),
                Arguments.of("checksum mismatch corrupts", BackupStatus.COMPLETED, BAD_CHECKSUM, BackupStatus.CORRUPTED, "failed",
                        "scrub: checksum mismatch"),
                Arguments.of("missing archive corrupts", BackupStatus.COMPLETED, MISSING, BackupStatus.CORRUPTED, "failed",
                        "scrub: archive file backup-x.tar.gz is missing"),
                Arguments.of("table mismatch corrupts", BackupStatus.COMPLETED, BAD_TABLE, BackupStatus.CORRUPTED, "failed",
                        "scrub: table t has 1 rows, the manifest says 2"),
                Arguments.of("corrupted stays corrupted, newest reason", BackupStatus.CORRUPTED, BAD_CHECKSUM, BackupStatus.CORRUPTED,
                        "failed", "scrub: checksum mismatch"),
                Arguments.of("a missing key is no damage", BackupStatus.COMPLETED, NO_KEY, BackupStatus.COMPLETED, "failed", null),
                Arguments.of("no work directory is no damage", BackupStatus.COMPLETED, NO_WORK_DIR, BackupStatus.COMPLETED, "failed", null),
                Arguments.of("no key leaves corrupted corrupted", BackupStatus.CORRUPTED, NO_KEY, BackupStatus.CORRUPTED, "failed", "old"),
                Arguments.of("a failed backup stays failed", BackupStatus.FAILED, MISSING, BackupStatus.FAILED, "failed", "old"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void a_check_sets_the_state_its_report_warrants(String name, BackupStatus before, ValidationReport report, BackupStatus after,
                                                    String verification, String error) {
        BackupRecord r = record(before);
        BackupRecord out = CheckOutcome.apply(r, report, AT, "scrub");
        assertThat(out.status()).isEqualTo(after);
        assertThat(out.verification().status()).isEqualTo(verification);
        assertThat(out.verification().at()).isEqualTo(AT);
        assertThat(out.error()).isEqualTo(error);
        assertThat(out.lastCheckedAt()).isEqualTo(AT);
    }

    private static BackupRecord record(BackupStatus status) {
        BackupRecord done = BackupRecord.starting("20260301-020000-full", BackupType.FULL, Trigger.SCHEDULED, CREATED, null, "test")
                .completed(CREATED.plusSeconds(5), "backup-20260301-020000-full.tar.gz", 1000, "ab", null, null,
                        Map.of("playback_events", 10L), "v1.4", null);
        return status == BackupStatus.COMPLETED ? done : done.withStatus(status, "old");
    }
}
