/**
 * Comparing a backup with the live database without restoring it, table by table and by primary
 * key, and what a table restore shares with that comparison.
 *
 * <p>{@link io.cartographus.diff.BackupSource} unpacks a backup's database into the live database's
 * scratch directory (the one place the live instance's SQL may read files) with the verifier's own reader (checksum, manifest and the read-only table scan
 * included) and refuses one that does not validate; the file is then attached to the live instance
 * read-only for the length of one call ({@link io.cartographus.database.Database#readAttached}), so
 * nothing in the live database changes. {@link io.cartographus.diff.TableShape} reads each side's
 * tables, keys and columns from DuckDB's catalog; only base tables are ever read from the backup,
 * never its views or macros, and a table with a generated column is refused, so that nothing in the
 * file decides what runs. {@link io.cartographus.diff.BackupDiff} counts, per table, the rows on each
 * side, the keys only in one of them and the keys whose values differ.
 */
package io.cartographus.diff;
