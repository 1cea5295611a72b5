package io.cartographus.validate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One scrub run, as {@code backup/status} shows it.
 *
 * @param corrupted how many of the checked backups were found damaged (newly or still)
 * @param repaired how many corrupted ones passed again
 * @param stopped why the run stopped before its list was done (a backup or restore started), or null
 */
public record ScrubReport(
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        @JsonProperty("checked") int checked,
        @JsonProperty("corrupted") int corrupted,
        @JsonProperty("repaired") int repaired,
        @JsonProperty("bytes_read") long bytesRead,
        @JsonProperty("stopped") String stopped) {
}
