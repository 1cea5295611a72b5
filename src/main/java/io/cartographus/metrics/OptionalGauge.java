package io.cartographus.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.DoubleSupplier;

/**
 * A gauge that is absent from the scrape until it has a value, and can be taken away again.
 * Used for timestamps: a made-up 0 would read as "1970" and make {@code time() - x} alerts fire,
 * while an absent series keeps such alerts silent until there is something true to say.
 */
final class OptionalGauge {
    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final String baseUnit;
    private volatile DoubleSupplier source;
    private Gauge gauge;

    OptionalGauge(MeterRegistry registry, String name, String description, String baseUnit) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        this.baseUnit = baseUnit;
    }

    /** Reads the value from {@code supplier} at each scrape from now on. */
    synchronized void set(DoubleSupplier supplier) {
        source = supplier;
        if (gauge == null) {
            // Strong reference: callers hand in lambdas nobody else keeps, and Micrometer's
            // default weak reference would let them be collected, turning the gauge into NaN.
            gauge = Gauge.builder(name, this, OptionalGauge::read)
                    .description(description)
                    .baseUnit(baseUnit)
                    .strongReference(true)
                    .register(registry);
        }
    }

    synchronized void set(double value) {
        set(() -> value);
    }

    /** Removes the series from the scrape. */
    synchronized void clear() {
        if (gauge != null) {
            registry.remove(gauge);
            gauge = null;
        }
        source = null;
    }

    private double read() {
        DoubleSupplier s = source;
        return s == null ? Double.NaN : s.getAsDouble();
    }
}
