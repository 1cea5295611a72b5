/**
 * Taking backups: {@link io.cartographus.backup.BackupJob} coordinates a snapshot of the live
 * database, the streaming archive and the catalog record; {@link io.cartographus.backup.OperationLock}
 * keeps to one backup or restore at a time.
 */
package io.cartographus.backup;
