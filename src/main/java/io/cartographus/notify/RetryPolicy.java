package io.cartographus.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard to try one webhook delivery: at most {@code maxAttempts} requests, waiting
 * {@code initialBackoff}, then twice as long each time, between them; {@code timeout} bounds both the
 * TCP connect and the whole request.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration timeout) {
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(timeout, "timeout");
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must not be negative, got " + initialBackoff);
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** 4 attempts, 1 s then 2 s then 4 s apart, 10 s timeout: gives up after about a minute at worst. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    /** The wait after failed attempt number {@code attempt} (1-based). */
    public Duration backoffAfter(int attempt) {
        return initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
    }
}
