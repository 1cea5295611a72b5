package io.cartographus.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Proves that a database taken from an archive holds exactly the application's schema before any of
 * its data is trusted: its catalog, described one line per object (schema, table, column with
 * position, type, nullability and default, constraint, and any view, macro, sequence, type or index),
 * must equal the description of a fresh in-memory database built by {@link Schema} for the version
 * the archive declares. Anything more (a view named like a table, a macro shadowing a built-in, an
 * extra schema) or less (a dropped column) is refused, naming the object.
 *
 * <p>Every query names the catalog functions as {@code system.main.…}: unqualified, a macro in the
 * archive (CREATE MACRO duckdb_tables() AS TABLE …) would answer instead of DuckDB.
 */
public final class SchemaCheck {
    /** How many differences a refusal names; the rest are counted. */
    private static final int NAMED = 5;
    private static final String DB = "database_name = system.main.current_database()";

    private SchemaCheck() {
    }

    /** Null when the database is exactly the application's schema, else why it is refused (naming the objects). */
    static String refusal(Connection c, String fileName) {
        String problem;
        try {
            problem = problem(c);
        } catch (SQLException e) {
            problem = "its catalog cannot be read: " + Database.firstLine(e.getMessage());
        }
        return problem == null ? null : "the database " + fileName + " is not cartographus's schema: " + problem
                + " (only databases with exactly the tables cartographus creates are restored)";
    }

    /** Null when the catalog is exactly the schema of the version it declares, else what differs. */
    static String problem(Connection c) throws SQLException {
        SortedSet<String> actual = describe(c);
        if (!actual.contains("table main.schema_version")) {
            return "it has no table main.schema_version";
        }
        Long version = declaredVersion(c);
        if (version == null || version < 1) {
            return "table main.schema_version declares no schema version";
        }
        if (version > Schema.VERSION) {
            return "it declares schema version " + version + ", newer than this program's (" + Schema.VERSION
                    + "); restore it with the cartographus release that wrote it";
        }
        SortedSet<String> expected = expected(version.intValue());
        // Whole objects first (a view, a macro, a schema), then columns and constraints: a view in a
        // table's place also differs in every column, and the refusal should lead with the view.
        List<String> objects = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (String line : actual) {
            if (!expected.contains(line)) {
                (isDetail(line) ? details : objects).add("unexpected " + line);
            }
        }
        for (String line : expected) {
            if (!actual.contains(line)) {
                (isDetail(line) ? details : objects).add("missing " + line);
            }
        }
        List<String> differences = new ArrayList<>(objects);
        differences.addAll(details);
        if (differences.isEmpty()) {
            return null;
        }
        String named = String.join("; ", differences.subList(0, Math.min(NAMED, differences.size())));
        return named + (differences.size() > NAMED ? " (and " + (differences.size() - NAMED) + " more differences)" : "");
    }

    private static boolean isDetail(String line) {
        return line.startsWith("column ") || line.startsWith("constraint ");
    }

    /** The catalog of a fresh database with the schema of {@code version}. */
    static SortedSet<String> expected(int version) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:", Lockdown.live())) {
            Schema.apply(c, version);
            return describe(c);
        }
    }

    /** One line per object of the open database's catalog, sorted; names are quoted so that none can fake a line. */
    static SortedSet<String> describe(Connection c) throws SQLException {
        SortedSet<String> out = new TreeSet<>();
        lines(c, out, "SELECT schema_name FROM system.main.duckdb_schemas() WHERE " + DB, r -> "schema " + q(r, 1));
        lines(c, out, "SELECT schema_name, table_name, temporary FROM system.main.duckdb_tables() WHERE " + DB,
                r -> "table " + q(r, 1) + "." + q(r, 2) + (r.getBoolean(3) ? " (temporary)" : ""));
        lines(c, out, "SELECT schema_name, table_name, column_name, column_index, data_type, is_nullable, column_default "
                + "FROM system.main.duckdb_columns() WHERE " + DB, r -> "column " + q(r, 1) + "." + q(r, 2) + "." + q(r, 3) + " (position "
                + r.getInt(4) + ", " + r.getString(5) + (r.getBoolean(6) ? "" : ", NOT NULL")
                + (r.getString(7) == null ? "" : ", default " + r.getString(7)) + ")");
        lines(c, out, "SELECT schema_name, table_name, constraint_text, constraint_column_names FROM system.main.duckdb_constraints() WHERE " + DB,
                r -> "constraint " + q(r, 1) + "." + q(r, 2) + " " + r.getString(3) + " on " + r.getString(4));
        lines(c, out, "SELECT schema_name, view_name FROM system.main.duckdb_views() WHERE " + DB, r -> "view " + q(r, 1) + "." + q(r, 2));
        lines(c, out, "SELECT schema_name, function_name, function_type FROM system.main.duckdb_functions() WHERE " + DB,
                r -> r.getString(3) + " " + q(r, 1) + "." + q(r, 2));
        lines(c, out, "SELECT schema_name, sequence_name FROM system.main.duckdb_sequences() WHERE " + DB, r -> "sequence " + q(r, 1) + "." + q(r, 2));
        lines(c, out, "SELECT schema_name, type_name FROM system.main.duckdb_types() WHERE NOT internal AND " + DB, r -> "type " + q(r, 1) + "." + q(r, 2));
        lines(c, out, "SELECT schema_name, index_name FROM system.main.duckdb_indexes() WHERE " + DB, r -> "index " + q(r, 1) + "." + q(r, 2));
        return out;
    }

    /** An identifier as SQL would quote it when it needs to be, so that a name cannot pass for punctuation or a new line. */
    private static String q(ResultSet r, int column) throws SQLException {
        String name = r.getString(column);
        return name != null && name.matches("[a-z_][a-z0-9_]*") ? name : "\"" + String.valueOf(name).replace("\"", "\"\"")
                .replaceAll("\\p{Cntrl}", "?") + "\"";
    }

    @FunctionalInterface
    private interface Line {
        String of(ResultSet r) throws SQLException;
    }

    private static Long declaredVersion(Connection c) {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT system.main.max(version)::BIGINT FROM schema_version")) {
            r.next();
            long v = r.getLong(1);
            return r.wasNull() ? null : v;
        } catch (SQLException e) {
            return null;
        }
    }

    /** Adds one line per row of a catalog query (each is limited to this database's objects: not DuckDB's own). */
    private static void lines(Connection c, SortedSet<String> out, String sql, Line line) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.add(line.of(r));
            }
        }
    }
}
