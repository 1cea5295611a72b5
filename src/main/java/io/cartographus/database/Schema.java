package io.cartographus.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The host application's tables. Version 1 is the only one so far: a migration appends its own list
 * of statements to {@link #VERSIONS}, so that the schema of every known version can be rebuilt (an
 * archive's database is compared with the schema of the version it declares, see {@link SchemaCheck}).
 */
final class Schema {
    private static final List<List<String>> VERSIONS = List.of(List.of(
            """
            CREATE TABLE IF NOT EXISTS schema_version (
                version    INTEGER PRIMARY KEY,
                applied_at TIMESTAMPTZ NOT NULL
            )""",
            """
            CREATE TABLE IF NOT EXISTS users (
                user_id        BIGINT PRIMARY KEY,
                username       VARCHAR,
                first_seen     TIMESTAMPTZ,
                last_seen      TIMESTAMPTZ,
                playback_count BIGINT NOT NULL DEFAULT 0
            )""",
            """
            CREATE TABLE IF NOT EXISTS geolocations (
                ip_address VARCHAR PRIMARY KEY,
                city       VARCHAR,
                country    VARCHAR,
                latitude   DOUBLE,
                longitude  DOUBLE,
                updated_at TIMESTAMPTZ
            )""",
            """
            CREATE TABLE IF NOT EXISTS playback_events (
                id         VARCHAR PRIMARY KEY,
                user_id    BIGINT NOT NULL,
                username   VARCHAR,
                title      VARCHAR,
                media_type VARCHAR,
                started_at TIMESTAMPTZ NOT NULL,
                stopped_at TIMESTAMPTZ NOT NULL,
                duration_s INTEGER,
                ip_address VARCHAR,
                platform   VARCHAR,
                player     VARCHAR,
                city       VARCHAR,
                country    VARCHAR,
                latitude   DOUBLE,
                longitude  DOUBLE,
                synced_at  TIMESTAMPTZ NOT NULL
            )""",
            """
            CREATE TABLE IF NOT EXISTS sync_log (
                synced_at TIMESTAMPTZ NOT NULL,
                received  INTEGER NOT NULL,
                inserted  INTEGER NOT NULL
            )""",
            "INSERT INTO schema_version SELECT 1, now() WHERE NOT EXISTS (SELECT 1 FROM schema_version WHERE version = 1)"));

    /** The newest version, the one the live database is brought to. */
    static final int VERSION = VERSIONS.size();

    private Schema() {
    }

    static void apply(Connection c) throws SQLException {
        apply(c, VERSION);
    }

    /** Creates (or completes) the schema up to {@code version}, 1 ≤ version ≤ {@link #VERSION}. */
    static void apply(Connection c, int version) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (List<String> steps : VERSIONS.subList(0, version)) {
                for (String step : steps) {
                    s.execute(step);
                }
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
