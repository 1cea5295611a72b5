/**
 * Restore, and archives that arrive from elsewhere.
 *
 * <p>{@link io.cartographus.restore.RestoreService} plans, then acts (docs/design.md §14): the pure
 * {@link io.cartographus.restore.RestorePlanner} turns the request, the catalog and the
 * {@link io.cartographus.restore.LiveFacts} into a {@link io.cartographus.restore.RestorePlan} and
 * refuses a request invalid on its face before any archive is read ({@code dry_run} stops there);
 * {@link io.cartographus.restore.RestoreExecutor} carries the plan out. In order: validate first (refused with the report when
 * invalid; {@code force_restore} skips content checks but never restores from an archive that does not
 * read cleanly), pause services, take the pre-restore safety backup (none when the live database holds
 * no data; the damaged files kept aside when it cannot be read), unpack next to the live file and check it, then {@link io.cartographus.restore.DatabaseSwap}
 * swaps it in by rename under a {@link io.cartographus.restore.RestoreJournal}, reopens in-process,
 * verifies against the manifest and rolls back when that fails. A crash at any step leaves the old or
 * the new database, whole: {@code RestoreJournal.recover()} runs at every start. The steps are named
 * in {@link io.cartographus.restore.CrashPoints}, a test-only hook.
 *
 * <p>Unpacking is bounded by the free space where the database is written (checked against each tar
 * header before a byte is written), because the manifest that declares the sizes is the archive's
 * last entry; a mismatch found when it arrives rejects everything unpacked.
 *
 * <p>{@link io.cartographus.restore.Importer} turns an upload or a file into a new backup after a
 * survey (hash and manifest, nothing unpacked, so the manifest bounds the later check exactly) and the
 * four checks; {@link io.cartographus.restore.ArchiveDiscovery} registers archives found in BACKUP_DIR
 * without a record when the catalog opens.
 */
package io.cartographus.restore;
