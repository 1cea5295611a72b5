package io.cartographus.restore.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.diff.TableShape;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table-restore request as the API body and the CLI flags give it, and the check against the two
 * catalogs that runs before anything is written: every refusal is an INVALID_REQUEST (400, exit 3)
 * or VALIDATION_FAILED (422) whose message says what to change.
 */
class TableRequestTest {
    static Stream<Arguments> accepted() {
        return Stream.of(
                // tables, mode, expected tables, expected mode
                Arguments.of(List.of("users"), null, List.of("users"), TableRequest.Mode.REPLACE),
                Arguments.of(List.of("users"), "replace", List.of("users"), TableRequest.Mode.REPLACE),
                Arguments.of(List.of("playback_events", "users"), "merge", List.of("playback_events", "users"), TableRequest.Mode.MERGE),
                // The order given is kept: the restore itself sorts parents first.
                Arguments.of(List.of("users", "geolocations", "playback_events"), "merge",
                        List.of("users", "geolocations", "playback_events"), TableRequest.Mode.MERGE));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("accepted")
    void valid_requests_are_parsed(List<String> tables, String mode, List<String> expectedTables, TableRequest.Mode expectedMode) {
        TableRequest r = TableRequest.parse(tables, mode);
        assertThat(r.tables()).containsExactlyElementsOf(expectedTables);
        assertThat(r.mode()).isEqualTo(expectedMode);
    }

    @Test
    void neither_tables_nor_mode_is_a_full_restore() {
        assertThat(TableRequest.parse(null, null)).isNull();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                // tables, mode, message fragment
                Arguments.of(null, "merge", "mode applies to a table restore only: give tables too"),
                Arguments.of(null, "replace", "give tables too"),
                Arguments.of(List.of(), null, "tables is empty"),
                Arguments.of(List.of(), "merge", "tables is empty"),
                Arguments.of(List.of(""), null, "got an empty one"),
                Arguments.of(List.of("users", "  "), null, "got an empty one"),
                Arguments.of(Arrays.asList("users", null), "merge", "got an empty one"),
                Arguments.of(List.of("users", "users"), null, "table users is named twice"),
                Arguments.of(List.of("users", "playback_events", "users"), "merge", "table users is named twice"),
                Arguments.of(List.of("users"), "upsert", "unknown mode 'upsert'; valid: replace, merge"),
                // The API's values are lower case, as the CLI sends them; anything else is a typo to report.
                Arguments.of(List.of("users"), "MERGE", "unknown mode 'MERGE'"),
                Arguments.of(List.of("users"), "", "unknown mode ''"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("refused")
    void invalid_requests_are_refused_with_a_reason(List<String> tables, String mode, String says) {
        assertThatThrownBy(() -> TableRequest.parse(tables, mode))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
                .hasMessageContaining(says);
    }

    private static final TableShape.Column USER_ID = new TableShape.Column("user_id", "BIGINT", false, false, false);
    private static final TableShape.Column USERNAME = new TableShape.Column("username", "VARCHAR", false, false, false);
    private static final TableShape.Column EMAIL = new TableShape.Column("email", "VARCHAR", true, false, false);
    private static final TableShape USERS = new TableShape("users", List.of("user_id"), List.of(USER_ID, USERNAME));
    private static final TableShape EVENTS = new TableShape("playback_events", List.of("id"),
            List.of(new TableShape.Column("id", "VARCHAR", false, false, false), USER_ID));
    /** No primary key: rows cannot be matched, so it is neither compared nor restored. */
    private static final TableShape SYNC_LOG = new TableShape("sync_log", List.of(),
            List.of(new TableShape.Column("synced_at", "TIMESTAMP", false, false, false)));
    private static final TableShape SCHEMA_VERSION = new TableShape("schema_version", List.of("version"),
            List.of(new TableShape.Column("version", "INTEGER", false, false, false)));
    private static final Map<String, TableShape> LIVE = Map.of("users", USERS, "playback_events", EVENTS, "sync_log", SYNC_LOG,
            "schema_version", SCHEMA_VERSION);

    @Test
    void tables_present_on_both_sides_with_the_same_columns_pass_the_check() {
        TableRestore.check(LIVE, LIVE, List.of("users", "playback_events"), "20260101-020000-full");
    }

    @Test
    void a_backup_from_before_a_nullable_column_was_added_fits() {
        TableShape newer = new TableShape("users", List.of("user_id"), List.of(USER_ID, USERNAME, EMAIL));
        TableRestore.check(Map.of("users", newer), Map.of("users", USERS), List.of("users"), "20260101-020000-full");
    }

    static Stream<Arguments> mismatches() {
        TableShape noUsername = new TableShape("users", List.of("user_id"), List.of(USER_ID));
        TableShape extraColumn = new TableShape("users", List.of("user_id"), List.of(USER_ID, USERNAME, EMAIL));
        return Stream.of(
                // requested, backup's tables, kind, message fragment
                Arguments.of(List.of("nope"), LIVE, ErrorKind.INVALID_REQUEST,
                        "unknown table 'nope'; tables that can be compared and restored: users, playback_events"),
                Arguments.of(List.of("users", "sync_log"), LIVE, ErrorKind.INVALID_REQUEST, "unknown table 'sync_log'"),
                Arguments.of(List.of("schema_version"), LIVE, ErrorKind.INVALID_REQUEST, "unknown table 'schema_version'"),
                Arguments.of(List.of("users", "playback_events"), Map.of("users", USERS), ErrorKind.VALIDATION_FAILED,
                        "table playback_events is not in backup 20260101-020000-full; it has: users"),
                Arguments.of(List.of("users"), Map.of("users", noUsername), ErrorKind.VALIDATION_FAILED,
                        "column username is missing from the backup and the live table requires a value for it"),
                Arguments.of(List.of("users"), Map.of("users", extraColumn), ErrorKind.VALIDATION_FAILED,
                        "column email is in the backup but not in the live table"));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("mismatches")
    void a_table_that_cannot_be_restored_is_refused_before_anything_is_written(List<String> tables, Map<String, TableShape> backup,
                                                                              ErrorKind kind, String says) {
        assertThatThrownBy(() -> TableRestore.check(LIVE, backup, tables, "20260101-020000-full"))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.kind()).isEqualTo(kind))
                .hasMessageContaining(says);
    }
}
