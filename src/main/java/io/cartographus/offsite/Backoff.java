package io.cartographus.offsite;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard {@link RetryingStore} tries: at most {@code attempts} calls, waiting {@code initial}, then
 * twice as long each time up to {@code max}, between them.
 */
public record Backoff(int attempts, Duration initial, Duration max) {
    public Backoff {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 <= initial <= max, got " + initial + " and " + max);
        }
    }

    /** 4 attempts, 2 s, 4 s, 8 s apart: a blip or a restarting server is ridden out, a dead endpoint fails within ~15 s. */
    public static Backoff defaults() {
        return new Backoff(4, Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    /** The wait after failed attempt number {@code attempt} (1-based). */
    public Duration after(int attempt) {
        Duration d = initial.multipliedBy(1L << Math.min(attempt - 1, 20));
        return d.compareTo(max) > 0 ? max : d;
    }
}
