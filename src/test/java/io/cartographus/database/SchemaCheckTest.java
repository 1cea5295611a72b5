package io.cartographus.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A database from an archive holds exactly the application's schema, or it is refused naming what differs. */
class SchemaCheckTest {
    @TempDir
    Path tmp;

    /** What a hostile archive's database may have been given, and the object the refusal must name. */
    static Stream<Arguments> hostile() {
        return Stream.of(
                Arguments.of("playback_events as a view over a file", new String[] {"DROP TABLE playback_events",
                        "CREATE VIEW playback_events AS SELECT * FROM read_csv('/etc/hostname')"}, "unexpected view main.playback_events"),
                Arguments.of("a macro shadowing count_star", new String[] {"CREATE MACRO count_star() AS 7"}, "unexpected macro main.count_star"),
                Arguments.of("a macro shadowing hash", new String[] {"CREATE MACRO hash(x) AS 42"}, "unexpected macro main.hash"),
                Arguments.of("a table macro shadowing a catalog function",
                        new String[] {"CREATE MACRO duckdb_tables() AS TABLE SELECT 1 AS x"}, "unexpected table_macro main.duckdb_tables"),
                Arguments.of("an extra schema", new String[] {"CREATE SCHEMA extra"}, "unexpected schema extra"),
                Arguments.of("an extra table in an extra schema", new String[] {"CREATE SCHEMA extra", "CREATE TABLE extra.t (a INT)"},
                        "unexpected table extra.t"),
                Arguments.of("an extra table", new String[] {"CREATE TABLE notes (a INT)"}, "unexpected table main.notes"),
                Arguments.of("a sequence", new String[] {"CREATE SEQUENCE s1"}, "unexpected sequence main.s1"),
                Arguments.of("a type", new String[] {"CREATE TYPE mood AS ENUM ('a', 'b')"}, "unexpected type main.mood"),
                Arguments.of("an index", new String[] {"CREATE INDEX by_country ON playback_events (country)"}, "unexpected index main.by_country"),
                Arguments.of("a dropped column", new String[] {"ALTER TABLE playback_events DROP COLUMN country"},
                        "missing column main.playback_events.country"),
                Arguments.of("an added NOT NULL column", new String[] {"ALTER TABLE playback_events ADD COLUMN extra INTEGER DEFAULT 1",
                        "ALTER TABLE playback_events ALTER COLUMN extra SET NOT NULL"}, "unexpected column main.playback_events.extra"),
                Arguments.of("a column of another type", new String[] {"ALTER TABLE users ALTER COLUMN username TYPE INTEGER"},
                        "unexpected column main.users.username (position 2, INTEGER)"),
                Arguments.of("a newer schema version", new String[] {"INSERT INTO schema_version VALUES (99, now())"},
                        "declares schema version 99, newer than this program's"),
                Arguments.of("no schema version", new String[] {"DELETE FROM schema_version"}, "declares no schema version"),
                Arguments.of("schema_version as a view", new String[] {"DROP TABLE schema_version",
                        "CREATE VIEW schema_version AS SELECT 1 AS version"}, "no table main.schema_version"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void a_database_with_anything_but_our_schema_is_refused_naming_the_object(String what, String[] sql, String named) throws Exception {
        Path file = database(sql);
        ReadOnlyDatabase.Inspection ins = ReadOnlyDatabase.inspect(file, LockdownTest.LIMITS);
        assertThat(ins.untrusted()).contains("is not cartographus's schema").contains(named);
        assertThat(ins.tables()).as("nothing is read from it").isEmpty();
    }

    @Test
    void a_database_made_by_the_application_passes_and_is_scanned() throws Exception {
        Path file = database("INSERT INTO users (user_id, username) VALUES (1, 'a'), (2, 'b')");
        ReadOnlyDatabase.Inspection ins = ReadOnlyDatabase.inspect(file, LockdownTest.LIMITS);
        assertThat(ins.untrusted()).isNull();
        assertThat(ins.tables()).containsOnlyKeys("geolocations", "playback_events", "schema_version", "sync_log", "users");
        assertThat(ins.tables().get("users").rows()).isEqualTo(2);
    }

    @Test
    void the_expected_catalog_is_the_applications_tables_and_nothing_else() throws Exception {
        assertThat(SchemaCheck.expected(Schema.VERSION))
                .contains("schema main", "table main.playback_events", "column main.playback_events.id (position 1, VARCHAR, NOT NULL)",
                        "column main.users.playback_count (position 5, BIGINT, NOT NULL, default 0)", "constraint main.users PRIMARY KEY(user_id) on [user_id]")
                .allMatch(l -> l.matches("(schema|table|column|constraint) .*"));
    }

    @Test
    void counts_and_fingerprints_are_not_fooled_by_macros_named_like_built_ins() throws Exception {
        Path clean = database("INSERT INTO users (user_id, username) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        Map<String, TableStats> truth;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + clean)) {
            truth = TableStats.compute(c);
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + clean); Statement s = c.createStatement()) {
            for (String macro : new String[] {"CREATE MACRO count_star() AS 7", "CREATE MACRO hash(x) AS 42", "CREATE MACRO sum(x) AS 5",
                    "CREATE MACRO current_database() AS 'nothing'", "CREATE MACRO duckdb_tables() AS TABLE SELECT 'x' AS table_name"}) {
                s.execute(macro);
            }
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM users")) {
                r.next();
                assertThat(r.getLong(1)).as("the macro does shadow an unqualified count(*)").isEqualTo(7);
            }
            assertThat(TableStats.compute(c)).isEqualTo(truth);
            assertThat(truth.get("users").rows()).isEqualTo(3);
        }
    }

    @Test
    void the_live_database_cannot_reach_files_from_sql_nor_turn_that_back_on() throws Exception {
        Path secret = Files.writeString(tmp.resolve("admin.token"), "secret\n");
        try (Database db = new Database(tmp.resolve("live.duckdb"))) {
            db.open();
            assertThatThrownBy(() -> db.read(c -> query(c, "SELECT * FROM read_csv('" + secret + "')")))
                    .hasMessageContaining("disabled by configuration");
            assertThatThrownBy(() -> db.read(c -> query(c, "COPY users TO '" + tmp.resolve("out.csv") + "'")))
                    .hasMessageContaining("disabled by configuration");
            assertThatThrownBy(() -> db.read(c -> query(c, "ATTACH '" + tmp.resolve("other.duckdb") + "'")))
                    .hasMessageContaining("disabled by configuration");
            assertThatThrownBy(() -> db.read(c -> query(c, "SET enable_external_access = true")))
                    .hasMessageContaining("Cannot enable external access");
            // What the application does need still works: write, read, checkpoint, snapshot.
            db.write(c -> query(c, "INSERT INTO users (user_id) VALUES (1)"));
            db.checkpoint();
            try (Snapshot s = db.snapshot(java.time.Duration.ofSeconds(5))) {
                assertThat(s.tableStats().get("users").rows()).isEqualTo(1);
            }
        }
        assertThat(tmp.resolve("out.csv")).doesNotExist();
    }

    @Test
    void an_archive_database_runs_with_its_configuration_locked() throws Exception {
        Path file = database();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file, Lockdown.archive(LockdownTest.LIMITS))) {
            assertThatThrownBy(() -> query(c, "SET autoload_known_extensions = true")).hasMessageContaining("configuration has been locked");
            assertThatThrownBy(() -> query(c, "SELECT * FROM read_csv('/etc/hostname')")).hasMessageContaining("disabled by configuration");
        }
    }

    private static Void query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
        return null;
    }

    /** A database as the application creates it, then changed by {@code sql} (with every power, as an attacker's copy would be). */
    private Path database(String... sql) throws Exception {
        Path file = Files.createTempFile(tmp, "archive-", ".duckdb");
        Files.delete(file);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
            Schema.apply(c);
            for (String step : sql) {
                s.execute(step);
            }
        }
        return file;
    }
}
