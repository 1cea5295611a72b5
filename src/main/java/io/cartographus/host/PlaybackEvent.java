package io.cartographus.host;

import java.time.Instant;

/** One playback as synced from a media server (docs/design.md §10). Optional fields are null when absent. */
public record PlaybackEvent(
        String id,
        long userId,
        String username,
        String title,
        String mediaType,
        Instant startedAt,
        Instant stoppedAt,
        Integer durationS,
        String ipAddress,
        String platform,
        String player,
        String city,
        String country,
        Double latitude,
        Double longitude) {
}
