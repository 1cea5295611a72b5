package io.cartographus.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The DuckDB library version and the storage version of the open database, for manifests. */
public record DuckInfo(String libraryVersion, String storageVersion) {
    public static DuckInfo of(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT system.main.version(), tags['storage_version'] FROM system.main.duckdb_databases() "
                     + "WHERE database_name = system.main.current_database()")) {
            r.next();
            return new DuckInfo(r.getString(1), r.getString(2));
        }
    }
}
