package io.cartographus.database;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on a live connection that has another database file attached read-only as {@code alias}. */
@FunctionalInterface
public interface AttachedWork<T> {
    T run(Connection connection, String alias) throws SQLException;
}
