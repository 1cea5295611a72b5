/**
 * Restoring selected tables from a backup into the running database, without closing it.
 *
 * <p>{@link io.cartographus.restore.tables.TableRestore}: the backup is unpacked and validated as for
 * a full restore ({@link io.cartographus.diff.BackupSource}), the request is checked against both
 * catalogs (an unknown table, one missing from the backup, or columns that do not fit are refused
 * before anything is written), the pre-restore backup is taken, and then every chosen table is
 * written in one transaction on the live connection with the backup attached read-only: parents
 * before children, {@code replace} (the table becomes the backup's) or {@code merge} (only the
 * backup's rows whose key is missing live are inserted). The check after restore runs inside that
 * transaction, so a failed check rolls everything back and readers never see a half-restored state.
 * Services keep running: there is no pause and no reopen.
 */
package io.cartographus.restore.tables;
