package io.cartographus.progress;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the API shows of a running operation.
 *
 * @param bytesTotal     null when the phase's size is not known
 * @param percent        0–100 of the phase, null without a total
 * @param bytesPerSecond null until the phase has run {@link #MIN_MEASURED_NANOS}
 * @param etaSeconds     the time left in this phase at the measured rate; null without a total or a rate
 */
public record ProgressReport(
        @JsonProperty("phase") String phase,
        @JsonProperty("bytes_done") long bytesDone,
        @JsonProperty("bytes_total") Long bytesTotal,
        @JsonProperty("percent") Double percent,
        @JsonProperty("bytes_per_second") Long bytesPerSecond,
        @JsonProperty("eta_seconds") Long etaSeconds,
        @JsonProperty("phase_elapsed_ms") long phaseElapsedMs,
        @JsonProperty("elapsed_ms") long elapsedMs) {

    /** Below this, a rate is noise (a first buffer read in microseconds would promise an ETA of zero). */
    static final long MIN_MEASURED_NANOS = 500_000_000L;

    /** Pure: the report of {@code done} bytes of {@code total} after {@code phaseNanos} in the phase. */
    public static ProgressReport of(String phase, long done, long total, long phaseNanos, long elapsedNanos) {
        Long knownTotal = total < 0 ? null : total;
        long shownDone = knownTotal == null ? done : Math.min(done, total);
        Double percent = knownTotal == null ? null : total == 0 ? 100.0 : Math.round(1000.0 * shownDone / total) / 10.0;
        Long rate = phaseNanos < MIN_MEASURED_NANOS || done == 0 ? null : Math.round(done / (phaseNanos / 1e9));
        Long eta = knownTotal == null || rate == null || rate == 0 ? null : (long) Math.ceil((total - shownDone) / (double) rate);
        return new ProgressReport(phase, shownDone, knownTotal, percent, rate, eta, phaseNanos / 1_000_000, elapsedNanos / 1_000_000);
    }
}
