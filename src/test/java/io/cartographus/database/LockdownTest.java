package io.cartographus.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.config.DuckDbConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LockdownTest {
    static final DuckDbConfig LIMITS = new DuckDbConfig(256L << 20, 2);

    @TempDir
    Path dir;

    @Test
    void every_instance_runs_within_the_configured_memory_and_threads() throws Exception {
        DuckDbConfig limits = new DuckDbConfig(300L << 20, 3);
        Path checked = dir.resolve("checked.duckdb");
        DriverManager.getConnection("jdbc:duckdb:" + checked).close();
        try (Connection live = DriverManager.getConnection("jdbc:duckdb:", Lockdown.live(dir.resolve(".scratch"), limits));
             Connection check = DriverManager.getConnection("jdbc:duckdb:" + checked, Lockdown.archive(limits.forChecks()))) {
            assertThat(setting(live, "threads")).isEqualTo("3");
            assertThat(setting(check, "threads")).isEqualTo("1");
            assertThat(setting(live, "memory_limit")).isEqualTo("300.0 MiB");
            assertThat(setting(check, "memory_limit")).isEqualTo("150.0 MiB");
        }
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT current_setting('" + name + "')")) {
            r.next();
            return r.getString(1);
        }
    }


    // Not tested: a name with a backslash. DuckDB reads it as a separator in allowed_directories, so
    // attaching from such a directory is refused (a clear "disabled by configuration" error).
    @ParameterizedTest
    @ValueSource(strings = {"scratch", "with space", "quote'in", "comma,and]bracket", "dq\"x"})
    void theScratchDirectoryIsAllowedExactlyWhateverItsName(String name) throws Exception {
        Path scratch = dir.resolve(name);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:", Lockdown.live(scratch, LIMITS));
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT unnest(current_setting('allowed_directories'))")) {
            java.util.List<String> allowed = new java.util.ArrayList<>();
            while (r.next()) {
                allowed.add(r.getString(1));
            }
            assertThat(allowed).contains(scratch.toAbsolutePath() + "/");
        }
    }

    @Test
    void aBackupInTheScratchDirectoryAttachesButNothingElseIsReadable() throws Exception {
        Path scratch = dir.resolve(".scratch");
        Files.createDirectories(scratch);
        Path backup = scratch.resolve("b.duckdb");
        try (Connection b = DriverManager.getConnection("jdbc:duckdb:" + backup); Statement s = b.createStatement()) {
            s.execute("CREATE TABLE t AS SELECT 42 AS v");
        }
        Path secret = dir.resolve("admin.token");
        Files.writeString(secret, "secret\n");
        Path sibling = dir.resolve(".scratchy");
        Files.createDirectories(sibling);
        Files.writeString(sibling.resolve("x.csv"), "a\n1\n");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("live.duckdb"), Lockdown.live(scratch, LIMITS))) {
            try (Statement s = c.createStatement()) {
                s.execute("ATTACH '" + backup + "' AS src (READ_ONLY)");
                try (ResultSet r = s.executeQuery("SELECT v FROM src.t")) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.getInt(1)).isEqualTo(42);
                }
                s.execute("DETACH src");
            }
            for (String sql : new String[] {
                    "SELECT * FROM read_csv('" + secret + "')",
                    "SELECT * FROM read_csv('" + sibling.resolve("x.csv") + "')",
                    "ATTACH '" + dir.resolve("other.duckdb") + "' AS o",
                    "SET allowed_directories = ['/']"}) {
                try (Statement s = c.createStatement()) {
                    assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOf(SQLException.class);
                }
            }
        }
    }
}
