package io.cartographus.diff;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One base table of one attached database: its name, its primary-key columns (empty: none) and its
 * columns in order, as DuckDB's catalog describes them.
 */
public record TableShape(String name, List<String> key, List<Column> columns) {
    /** @param hasDefault a DEFAULT clause, so that an insert may leave the column out */
    public record Column(String name, String type, boolean nullable, boolean hasDefault, boolean generated) {
    }

    /** The tables of schema {@code main} in {@code database} (null: the live one), by name. */
    public static Map<String, TableShape> read(Connection c, String database) throws SQLException {
        String db = database == null ? "current_database()" : "?";
        Map<String, List<Column>> columns = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, "
                + "c.column_default IS NOT NULL, c.is_generated FROM duckdb_columns() c JOIN duckdb_tables() t "
                + "ON t.database_name = c.database_name AND t.schema_name = c.schema_name AND t.table_name = c.table_name "
                + "WHERE c.database_name = " + db + " AND c.schema_name = 'main' AND NOT t.temporary "
                + "ORDER BY c.table_name, c.column_index")) {
            bindDatabase(p, database);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    columns.computeIfAbsent(r.getString(1), t -> new ArrayList<>())
                            .add(new Column(r.getString(2), r.getString(3), r.getBoolean(4), r.getBoolean(5), r.getBoolean(6)));
                }
            }
        }
        Map<String, List<String>> keys = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT table_name, array_to_string(constraint_column_names, chr(31)) "
                + "FROM duckdb_constraints() WHERE database_name = " + db + " AND schema_name = 'main' "
                + "AND constraint_type = 'PRIMARY KEY'")) {
            bindDatabase(p, database);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    keys.put(r.getString(1), Arrays.asList(r.getString(2).split("\u001f")));
                }
            }
        }
        Map<String, TableShape> out = new LinkedHashMap<>();
        columns.forEach((t, cols) -> out.put(t, new TableShape(t, keys.getOrDefault(t, List.of()), List.copyOf(cols))));
        return out;
    }

    private static void bindDatabase(PreparedStatement p, String database) throws SQLException {
        if (database != null) {
            p.setString(1, database);
        }
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    public boolean hasGenerated() {
        return columns.stream().anyMatch(Column::generated);
    }

    /** {@code "name"} with any quote doubled: every identifier we put into SQL goes through this. */
    public static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
