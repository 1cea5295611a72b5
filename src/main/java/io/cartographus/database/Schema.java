package io.cartographus.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The host application's tables. Version 1 is the only one so far; migrations append to {@link #STEPS}. */
final class Schema {
    static final int VERSION = 1;

    private static final List<String> STEPS = List.of(
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
            "INSERT INTO schema_version SELECT 1, now() WHERE NOT EXISTS (SELECT 1 FROM schema_version WHERE version = 1)");

    private Schema() {
    }

    static void apply(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String step : STEPS) {
                s.execute(step);
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
