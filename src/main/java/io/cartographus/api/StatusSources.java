package io.cartographus.api;

import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What {@code backup/status} reports about the scheduler, which lives outside the API. */
public record StatusSources(boolean backupEnabled, BooleanSupplier schedulerRunning, Supplier<Instant> nextScheduled) {
}
