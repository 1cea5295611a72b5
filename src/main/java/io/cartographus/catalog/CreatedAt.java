package io.cartographus.catalog;

import java.time.Duration;
import java.time.Instant;

/**
 * The rule for a {@code created_at} that came from outside (a manifest, a sidecar, metadata.json, an
 * off-site record): it may be at most {@link #CLOCK_SKEW} after now. Later than that it is clamped to
 * now, with a note, because "latest" and retention go by {@code created_at}: a planted year-2999
 * archive would otherwise stay the newest backup forever and never be pruned. Clamped to now it is
 * the newest only until the next real backup, and retention ages it like any other.
 */
public final class CreatedAt {
    /** Two hosts' clocks (NTP-synced or not quite) may disagree by this much without anyone being wrong. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private CreatedAt() {
    }

    public static boolean inFuture(Instant createdAt, Instant now) {
        return createdAt != null && createdAt.isAfter(now.plus(CLOCK_SKEW));
    }

    /** {@code r} itself when its created_at is believable, else a copy created {@code now} that says why in its notes. */
    public static BackupRecord clamp(BackupRecord r, Instant now) {
        if (!inFuture(r.createdAt(), now)) {
            return r;
        }
        String why = "created_at " + r.createdAt() + " was in the future when registered; set to " + now;
        return r.withCreatedAt(now, r.notes() == null || r.notes().isBlank() ? why : r.notes() + "; " + why);
    }
}
