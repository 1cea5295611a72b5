package io.cartographus.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Row count and content fingerprint of one table. The fingerprint, {@code sum(hash(row))}, reads
 * every block of the table, so DuckDB verifies each block checksum on the way, and it also catches
 * what those checksums miss (swapped words or blocks: they XOR per-word hashes, blind to order).
 *
 * <p>Every function is named {@code system.main.…}: a macro in the database ({@code CREATE MACRO
 * count_star() AS 7}, {@code CREATE MACRO hash(x) AS 0}) would otherwise answer instead of DuckDB's
 * own, and even {@code count(*)} is {@code count_star()} underneath.
 */
public record TableStats(long rows, String fingerprint) {

    /** Every base table of the main schema, in name order, scanned in full. */
    public static Map<String, TableStats> compute(Connection c) throws SQLException {
        Map<String, TableStats> out = new LinkedHashMap<>();
        for (String table : tables(c)) {
            String quoted = "\"" + table.replace("\"", "\"\"") + "\"";
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT system.main.count_star(), coalesce(system.main.sum(system.main.hash(t)), 0)::VARCHAR "
                         + "FROM " + quoted + " t")) {
                r.next();
                out.put(table, new TableStats(r.getLong(1), r.getString(2)));
            }
        }
        return out;
    }

    /** The base tables of the main schema, in name order. */
    public static List<String> tables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT table_name FROM system.main.duckdb_tables() "
                     + "WHERE database_name = system.main.current_database() "
                     + "AND schema_name = 'main' AND NOT temporary ORDER BY table_name")) {
            while (r.next()) {
                names.add(r.getString(1));
            }
        }
        return names;
    }
}
