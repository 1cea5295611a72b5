package io.cartographus.api;

import io.cartographus.drill.Drill;
import io.cartographus.validate.Scrubber;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What {@code backup/status} reports about the scheduler, the scrub and the restore drills, which live outside the API. */
public record StatusSources(boolean backupEnabled, BooleanSupplier schedulerRunning, Supplier<Instant> nextScheduled,
                            Supplier<Scrubber.Status> scrub, Supplier<Drill.Status> drill) {

    /** Without a scrub or drills (tests of the API alone). */
    public StatusSources(boolean backupEnabled, BooleanSupplier schedulerRunning, Supplier<Instant> nextScheduled) {
        this(backupEnabled, schedulerRunning, nextScheduled, () -> null, () -> new Drill.Status(null, null));
    }
}
