package io.cartographus.database;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of work on a connection that the {@link Database} lends for the duration of the call. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
