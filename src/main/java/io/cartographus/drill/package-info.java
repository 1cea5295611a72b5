/**
 * Restore drills (docs/design.md §19): the guide's "test restores regularly", done by the service
 * itself. A drill takes the newest completed backup with a database — from the off-site bucket when
 * off-site copies are configured, downloaded as a disaster would need it, else from BACKUP_DIR —,
 * restores it into a scratch directory in BACKUP_DIR (never the live database), opens and scans it
 * against its manifest with {@link io.cartographus.validate.ArchiveVerifier}'s inspection, and
 * measures the time from the first byte fetched to a usable database.
 *
 * <p>What this package promises: a drill never writes to the live database or to another backup's
 * files; it holds the operation lock while it runs, so no backup or restore changes files under it;
 * a damaged newest backup is a failed drill that names it, never a silent step back to an older one;
 * its scratch directory carries the temporary prefix, so start-up removes it after a crash; and the
 * last result survives a restart ({@link io.cartographus.drill.DrillHistory}). Choosing the backup and
 * the time of the next drill are pure functions ({@link io.cartographus.drill.DrillPlan}).
 */
package io.cartographus.drill;
