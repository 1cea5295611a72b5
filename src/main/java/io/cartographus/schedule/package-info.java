/**
 * The backup schedule (docs/design.md §7). {@link io.cartographus.schedule.ScheduleMath} is the arithmetic: pure
 * functions of a clock reading, an interval, BACKUP_PREFERRED_HOUR and BACKUP_TIMEZONE.
 * {@link io.cartographus.schedule.BackupScheduler} runs it on one daemon thread: at start it reads the
 * last run from metadata.json and takes one catch-up backup if a slot was missed; at each slot it takes a
 * BACKUP_TYPE backup with trigger {@code scheduled} (skipped while services are paused, retried a few
 * minutes later while another backup or restore holds the lock), runs retention after a success, and
 * persists the last run and the next slot.
 *
 * <h2>Slots</h2>
 * <ul>
 * <li><b>24 h or more</b>: every N = round(interval / 24 h) days, half up (36 h → 2, 30 h → 1,
 *     60 h → 3), at preferredHour:00 local time. The days are those whose local date counts a multiple
 *     of N days since 1970-01-01, so the sequence does not depend on when the service started (every
 *     2 days: even epoch days; 168 h: Thursdays, as 1970-01-01 was one).</li>
 * <li><b>Under 24 h</b>: every local time of day that is a whole number of intervals before or after
 *     preferredHour:00, from 00:00 to 23:59, each day afresh: 5 h at hour 2 → 02:00, 07:00, 12:00,
 *     17:00, 22:00 (4 h across midnight); 5 h at hour 10 → 00:00, 05:00, 10:00, 15:00, 20:00; 1 h →
 *     every hour. {@link io.cartographus.schedule.ScheduleWarnings} reports intervals that do not
 *     divide 24 h or are rounded.</li>
 * <li><b>DST</b>: slots are local wall-clock times, computed with calendar arithmetic, never by adding
 *     24 h. A slot in a gap moves forward by the gap's length (Berlin's last Sunday of March: 02:00 →
 *     03:00 CEST; 02:30 would become 03:30). In an overlap the earlier offset is used, so a repeated
 *     hour runs once (Berlin's last Sunday of October: 02:00 CEST, not again at 02:00 CET).</li>
 * </ul>
 *
 * <h2>After downtime</h2>
 * {@link io.cartographus.schedule.ScheduleMath#plan} compares the last run with now. If a slot fell
 * after the last run and at or before now, {@code catchUpNow} asks for one backup now, however many
 * slots were missed, and {@code next} is the first slot after now. A last run in the future means the
 * clock went back: within one period it is trusted (the slot it ran is not run twice); further off it is
 * not credible and the schedule continues from now.
 *
 * <h2>Worked timeline</h2>
 * Every 24 h at hour 2, Europe/Berlin, service stopped from Friday 27 to Monday 30 March 2026:
 * <pre>
 *   Thu 2026-03-26 02:00 CET  (01:00Z)  scheduled backup runs; last run = 01:00Z
 *   Fri 2026-03-27 02:00 CET  (01:00Z)  missed (service down)
 *   Sat 2026-03-28 02:00 CET  (01:00Z)  missed
 *   Sun 2026-03-29 03:00 CEST (01:00Z)  missed — 02:00 does not exist that night
 *   Mon 2026-03-30 09:00 CEST (07:00Z)  start: plan → catchUpNow = true, one backup now
 *   Tue 2026-03-31 02:00 CEST (00:00Z)  next slot
 *   …
 *   Sun 2026-10-25 02:00 CEST (00:00Z)  the first 02:00 of the long night; none at 02:00 CET (01:00Z)
 *   Mon 2026-10-26 02:00 CET  (01:00Z)
 * </pre>
 */
package io.cartographus.schedule;
