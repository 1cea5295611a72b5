/**
 * DuckDB specifics. {@link io.cartographus.database.Database} owns the live database file and is the
 * only way any code reaches it: short-lived duplicated connections per call, a writer gate that the
 * backup engine closes for a few milliseconds, and an exclusive section in which the file can be
 * closed, swapped and reopened in-process while callers get "unavailable".
 */
package io.cartographus.database;
