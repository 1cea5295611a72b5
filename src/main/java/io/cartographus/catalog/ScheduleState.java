package io.cartographus.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** The scheduler's persisted state, kept in metadata.json so a restart knows what it missed. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduleState(@JsonProperty("last_run") Instant lastRun, @JsonProperty("next_run") Instant nextRun) {
    public static ScheduleState empty() {
        return new ScheduleState(null, null);
    }
}
