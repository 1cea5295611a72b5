package io.cartographus.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Trigger;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The planner on records and facts alone: no archive, no database. */
class RestorePlannerTest {
    private static final BackupRecord FULL = completed("20260103-020000-full", BackupType.FULL, 200_001);
    private static final BackupRecord CONFIG = completed("20260102-020000-config", BackupType.CONFIG, 0);
    private static final BackupRecord OLD = completed("20260101-020000-database", BackupType.DATABASE, 1);
    private static final BackupRecord FAILED = BackupRecord.starting("20260104-020000-full", BackupType.FULL, Trigger.MANUAL,
            Instant.parse("2026-01-04T02:00:00Z"), null, "t").withStatus(BackupStatus.FAILED, "disk full");
    /** Newer than FULL, found damaged by its last check: "latest" passes it by, by id it is checked again. */
    private static final BackupRecord CORRUPTED = completed("20260105-020000-full", BackupType.FULL, 9)
            .corrupted(Instant.parse("2026-01-06T02:00:00Z"), "scrub: checksum mismatch");
    private static final List<BackupRecord> CATALOG = List.of(CORRUPTED, FAILED, FULL, CONFIG, OLD);

    private static final LiveFacts HEALTHY = new LiveFacts(true, null, true, 150_000, 10_000_000, 1L << 40);
    private static final LiveFacts BROKEN = new LiveFacts(false, "not a valid DuckDB file", true, -1, 10_000_000, 1L << 40);
    private static final LiveFacts EMPTY = new LiveFacts(true, null, false, 0, 12_288, 1L << 40);

    private static BackupRecord completed(String id, BackupType type, long records) {
        Instant at = Instant.parse(id.substring(0, 4) + "-" + id.substring(4, 6) + "-" + id.substring(6, 8) + "T02:00:00Z");
        return BackupRecord.starting(id, type, Trigger.SCHEDULED, at, null, "t")
                .completed(at.plusSeconds(5), id + ".tar.gz", 4_000_000, "x", null, null,
                        type.hasDatabase() ? Map.of("playback_events", records) : Map.of(), "v1.1.3", null);
    }

    private static RestoreOptions opts(Boolean preRestore, Boolean db, Boolean config, Boolean stop, Boolean force) {
        return new RestoreOptions(null, preRestore, stop, db, config, force, null);
    }

    static Stream<Arguments> plans() {
        RestoreOptions d = RestoreOptions.defaults();
        return Stream.of(
                // id, options, live, chosen, restores db, restores config, safety
                Arguments.of("latest", d, HEALTHY, FULL.id(), true, true, RestorePlan.Safety.PRE_RESTORE_BACKUP),
                Arguments.of("latest", d, BROKEN, FULL.id(), true, true, RestorePlan.Safety.KEEP_FILES_ASIDE),
                Arguments.of("latest", d, EMPTY, FULL.id(), true, true, RestorePlan.Safety.NOT_NEEDED),
                Arguments.of(FULL.id(), opts(false, null, null, null, null), HEALTHY, FULL.id(), true, true, RestorePlan.Safety.KEEP_FILES_ASIDE),
                Arguments.of(FULL.id(), opts(null, null, false, null, null), HEALTHY, FULL.id(), true, false, RestorePlan.Safety.PRE_RESTORE_BACKUP),
                Arguments.of(FULL.id(), opts(null, false, true, null, null), HEALTHY, FULL.id(), false, true, RestorePlan.Safety.NONE),
                Arguments.of(CONFIG.id(), d, BROKEN, CONFIG.id(), false, true, RestorePlan.Safety.NONE),
                Arguments.of(OLD.id(), d, HEALTHY, OLD.id(), true, false, RestorePlan.Safety.PRE_RESTORE_BACKUP),
                Arguments.of(FAILED.id(), opts(null, null, null, null, true), HEALTHY, FAILED.id(), true, true, RestorePlan.Safety.PRE_RESTORE_BACKUP),
                Arguments.of(CORRUPTED.id(), d, HEALTHY, CORRUPTED.id(), true, true, RestorePlan.Safety.PRE_RESTORE_BACKUP),
                Arguments.of(FULL.id(), new RestoreOptions(true, null, null, null, null, null, null), HEALTHY, FULL.id(), false, false,
                        RestorePlan.Safety.NONE));
    }

    @ParameterizedTest(name = "{0} {1} on {2}")
    @MethodSource("plans")
    void plans_what_is_replaced_and_how_the_current_data_is_kept(String id, RestoreOptions o, LiveFacts live, String chosen,
                                                                  boolean db, boolean config, RestorePlan.Safety safety) {
        RestorePlan p = RestorePlanner.plan(id, o, CATALOG, live);
        assertThat(p.backupId()).isEqualTo(chosen);
        assertThat(p.restoreDatabase()).isEqualTo(db);
        assertThat(p.restoreConfig()).isEqualTo(config);
        assertThat(p.safety()).isEqualTo(safety);
        assertThat(p.checks()).isNotEmpty();
        assertThat(p.estimatedSeconds()).isPositive();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("20260109-020000-full", RestoreOptions.defaults(), ErrorKind.NOT_FOUND, "not found"),
                Arguments.of(FAILED.id(), RestoreOptions.defaults(), ErrorKind.INVALID_REQUEST, "not completed"),
                Arguments.of(CONFIG.id(), opts(null, true, null, null, null), ErrorKind.INVALID_REQUEST, "no database"),
                Arguments.of(OLD.id(), opts(null, null, true, null, null), ErrorKind.INVALID_REQUEST, "no configuration"),
                Arguments.of(FULL.id(), opts(null, null, null, false, null), ErrorKind.INVALID_REQUEST, "stop_services=true"),
                Arguments.of(FULL.id(), opts(null, false, false, null, null), ErrorKind.INVALID_REQUEST, "nothing to restore"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("refusals")
    void refuses_a_request_invalid_on_its_face(String id, RestoreOptions o, ErrorKind kind, String message) {
        assertThatThrownBy(() -> RestorePlanner.plan(id, o, CATALOG, HEALTHY))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(kind))
                .hasMessageContaining(message);
    }

    @Test
    void latest_lists_every_completed_backup_with_a_database_newest_first_and_refuses_when_there_is_none() {
        assertThat(RestorePlanner.plan("latest", RestoreOptions.defaults(), CATALOG, HEALTHY).candidates())
                .containsExactly(FULL.id(), OLD.id());
        assertThatThrownBy(() -> RestorePlanner.plan("latest", RestoreOptions.defaults(), List.of(CONFIG, FAILED), HEALTHY))
                .hasMessageContaining("no completed backup with a database");
    }

    @Test
    void says_when_the_backup_holds_fewer_records_than_the_live_database_and_when_space_is_short() {
        LiveFacts tight = new LiveFacts(true, null, true, 150_000, 10_000_000, 1_000);
        RestorePlan p = RestorePlanner.plan(OLD.id(), RestoreOptions.defaults(), CATALOG, tight);
        assertThat(p.spaceNeededBytes()).isEqualTo(OLD.sizeBytes() + tight.fileBytes());
        assertThat(p.warnings()).anyMatch(w -> w.contains("149999 would be replaced by older data"))
                .anyMatch(w -> w.contains("free space"));
    }

    @Test
    void an_unreadable_live_database_is_kept_aside_instead_of_refusing_and_the_plan_says_so() {
        RestorePlan p = RestorePlanner.plan("latest", RestoreOptions.defaults(), CATALOG, BROKEN);
        assertThat(p.liveReadable()).isFalse();
        assertThat(p.warnings()).anyMatch(w -> w.contains("not a valid DuckDB file") && w.contains("kept aside byte for byte"));
    }
}
