package io.cartographus.schedule;

import java.time.Instant;

/**
 * When the scheduler should act.
 *
 * @param next       the next slot, strictly after now
 * @param catchUpNow a slot after the last run is already due (downtime, or waking exactly at the
 *                   slot): run one backup now — one, however many slots were missed
 */
public record SchedulePoint(Instant next, boolean catchUpNow) {
}
