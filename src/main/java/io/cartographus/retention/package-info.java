/**
 * Which backups retention deletes: a pure function ({@link io.cartographus.retention.Retention#plan})
 * that the preview shows and the apply carries out unchanged. {@link io.cartographus.retention.Pruner}
 * feeds it the catalog and deletes what it decides, under the operation lock.
 *
 * <h2>Rules, in the order they are applied (docs/design.md §7)</h2>
 * <ol>
 * <li>Only {@code completed} backups take part. Failed and corrupted records older than MAX_DAYS are
 *     listed in {@code expiredFailedIds} (dropped from the index); {@code in_progress} ones are ignored.</li>
 * <li>Protections, which no later rule overrides: the newest backup whose verification passed; every
 *     backup in use (being restored or downloaded); every backup created after {@code now} (the clock
 *     went back: its age cannot be judged yet, and it takes no part in the GFS rules).</li>
 * <li>GFS keep rules, each giving a reason: everything from the last KEEP_RECENT_HOURS; the best backup
 *     of each of the last KEEP_DAILY_DAYS local calendar days, today included (days without a backup
 *     still count); of each of the last KEEP_WEEKLY_WEEKS ISO weeks (Monday to Sunday, this week
 *     included, labelled 2026-W09); of each of the last KEEP_MONTHLY_MONTHS calendar months (this month
 *     included). Days, weeks and months are taken in BACKUP_TIMEZONE. Best = verification passed, then
 *     full &gt; database &gt; config, then newest, then the larger id. A backup no rule keeps is deleted;
 *     if all four rules are 0, every backup is kept by GFS.</li>
 * <li>MAX_DAYS (&gt; 0) deletes backups created before {@code now} minus MAX_DAYS calendar days in the
 *     zone (a DST day counts as one day).</li>
 * <li>MAX_COUNT (&gt; 0) keeps the MAX_COUNT newest of what is left and deletes older ones. A protected
 *     backup among the newest takes a slot; an older protected one is kept on top of the ceiling rather
 *     than pushing out a newer backup (with MAX_COUNT=1 and verification pending, doing so would delete
 *     every new backup and keep an old one for ever).</li>
 * <li>MIN_COUNT puts back the newest deleted backups until at least MIN_COUNT remain (protected ones
 *     count). It is applied last, so it wins over MAX_DAYS and MAX_COUNT.</li>
 * <li>If fewer than MIN_COUNT completed backups exist, {@code needsRetentionBackup} asks the caller to
 *     take a backup with trigger {@code retention} first.</li>
 * </ol>
 * Results are deterministic: the input order does not matter, ties go to the larger id. Reasons list
 * every rule that applied; a kept backup that a deletion rule wanted gone says so
 * ("kept: in use; would otherwise be deleted: kept by no rule").
 *
 * <h2>Worked example</h2>
 * One full verified backup every day at 02:00 UTC for two years, the guide's defaults (MIN 3, MAX 50,
 * MAX_DAYS 90, 24 h, 7 daily, 4 weekly, 6 monthly), zone UTC, now = Wednesday 2026-03-04 12:00 UTC:
 * <pre>
 *   2026-03-04  kept: newest verified; within the last 24 hours; best of day, ISO week 2026-W10, month 2026-03
 *   2026-03-03 … 2026-02-26  kept: best backup of each day (7 days, today included)
 *   2026-03-01  also best of ISO week 2026-W09; 2026-02-28 also best of month 2026-02
 *   2026-02-22  kept: best backup of ISO week 2026-W08
 *   2026-02-15  kept: best backup of ISO week 2026-W07
 *   2026-01-31  kept: best backup of month 2026-01
 *   2025-12-31  kept: best backup of month 2025-12
 *   2025-11-30, 2025-10-31  deleted: older than 90 days (BACKUP_RETENTION_MAX_DAYS) — the monthly rule
 *               wanted them; {@link io.cartographus.retention.RetentionWarnings} says so at start-up
 *   every other day  deleted: kept by no rule
 * </pre>
 * 11 kept, 719 deleted. Had all backups been older than 90 days, the newest verified one would be kept
 * as a protection and MIN_COUNT would put back the next two.
 */
package io.cartographus.retention;
