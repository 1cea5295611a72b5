package io.cartographus.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {
    @Test
    void defaults_are_four_attempts_one_second_apart_at_first_and_ten_second_timeout() {
        assertThat(RetryPolicy.defaults())
                .isEqualTo(new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(10)));
    }

    @ParameterizedTest(name = "after attempt {0}: {1} ms")
    @CsvSource({"1, 1000", "2, 2000", "3, 4000", "4, 8000"})
    void backoff_doubles_after_each_failed_attempt(int attempt, long millis) {
        assertThat(RetryPolicy.defaults().backoffAfter(attempt)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void backoff_does_not_overflow_for_absurd_attempt_counts() {
        assertThat(new RetryPolicy(100, Duration.ofMillis(1), Duration.ofSeconds(1)).backoffAfter(99))
                .isEqualTo(Duration.ofMillis(1L << 20));
    }

    @Test
    void rejects_nonsense() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMillis(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialBackoff");
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    }
}
