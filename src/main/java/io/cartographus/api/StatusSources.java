package io.cartographus.api;

import io.cartographus.validate.Scrubber;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What {@code backup/status} reports about the scheduler and the scrub, which live outside the API. */
public record StatusSources(boolean backupEnabled, BooleanSupplier schedulerRunning, Supplier<Instant> nextScheduled,
                            Supplier<Scrubber.Status> scrub) {

    /** Without a scrub (tests of the API alone). */
    public StatusSources(boolean backupEnabled, BooleanSupplier schedulerRunning, Supplier<Instant> nextScheduled) {
        this(backupEnabled, schedulerRunning, nextScheduled, () -> null);
    }
}
