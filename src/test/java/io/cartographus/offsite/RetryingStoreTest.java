package io.cartographus.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bounded retries with backoff, on passing failures only, in front of a real S3 store. */
class RetryingStoreTest {
    static S3ProxyServer s3;
    static final Backoff FAST = new Backoff(4, Duration.ofMillis(20), Duration.ofMillis(50));

    @BeforeAll
    static void startServer() throws Exception {
        s3 = S3ProxyServer.start().bucket("retry");
    }

    @AfterAll
    static void stopServer() throws Exception {
        s3.close();
    }

    /** A real store whose first {@code failures} calls fail with {@code kind}: a stub for an outage, in front of the real thing. */
    static final class Failing implements OffsiteStore {
        final OffsiteStore real;
        final ErrorKind kind;
        final AtomicInteger left;
        final AtomicInteger calls = new AtomicInteger();

        Failing(OffsiteStore real, ErrorKind kind, int failures) {
            this.real = real;
            this.kind = kind;
            this.left = new AtomicInteger(failures);
        }

        private void maybeFail() {
            calls.incrementAndGet();
            if (left.getAndDecrement() > 0) {
                throw new BackupException(kind, "simulated " + kind);
            }
        }

        @Override
        public void put(String name, Path file, String sha256) {
            maybeFail();
            real.put(name, file, sha256);
        }

        @Override
        public void put(String name, byte[] content) {
            maybeFail();
            real.put(name, content);
        }

        @Override
        public String get(String name, Path target, String expectedSha256) {
            maybeFail();
            return real.get(name, target, expectedSha256);
        }

        @Override
        public byte[] read(String name, int maxBytes) {
            maybeFail();
            return real.read(name, maxBytes);
        }

        @Override
        public List<StoredObject> list(String namePrefix) {
            maybeFail();
            return real.list(namePrefix);
        }

        @Override
        public Optional<StoredObject> head(String name) {
            maybeFail();
            return real.head(name);
        }

        @Override
        public void delete(String name) {
            maybeFail();
            real.delete(name);
        }

        @Override
        public String location(String name) {
            return real.location(name);
        }

        @Override
        public void close() {
            real.close();
        }
    }

    @ParameterizedTest(name = "{0} failing {1} time(s): {2} calls, succeeds={3}")
    @CsvSource({
            "UNAVAILABLE,         0, 1, true",
            "UNAVAILABLE,         1, 2, true",
            "UNAVAILABLE,         3, 4, true",
            "UNAVAILABLE,         4, 4, false",
            "FORBIDDEN,           1, 1, false",
            "NOT_FOUND,           1, 1, false",
            "CORRUPT_ARCHIVE,     1, 1, false",
            "STORAGE_UNAVAILABLE, 1, 1, false",
    })
    void only_passing_failures_are_retried_and_only_so_often(ErrorKind kind, int failures, int calls, boolean succeeds) {
        Failing failing = new Failing(s3.store("retry", "t-" + kind + failures), kind, failures);
        RetryingStore store = new RetryingStore(failing, FAST);
        if (succeeds) {
            store.put("backup-20260101-020000-full.json", new byte[] {1, 2});
            assertThat(store.read("backup-20260101-020000-full.json", 10)).containsExactly(1, 2);
        } else {
            assertThatThrownBy(() -> store.put("backup-20260101-020000-full.json", new byte[] {1}))
                    .isInstanceOfSatisfying(BackupException.class, e -> {
                        assertThat(e.kind()).isEqualTo(kind);
                        assertThat(e.getMessage()).contains("simulated");
                        if (calls > 1) {
                            assertThat(e.getMessage()).endsWith("(after " + calls + " attempts)");
                        }
                    });
            assertThat(s3.raw().listObjectsV2(r -> r.bucket("retry").prefix("t-" + kind + failures + "/")).contents()).isEmpty();
        }
        assertThat(failing.calls.get() - (succeeds ? 1 : 0)).isEqualTo(calls);
        store.close();
    }

    @Test
    void an_interrupted_thread_is_not_kept_waiting_for_retries() {
        Failing failing = new Failing(s3.store("retry", "interrupted"), ErrorKind.UNAVAILABLE, 10);
        RetryingStore store = new RetryingStore(failing, new Backoff(5, Duration.ofSeconds(30), Duration.ofSeconds(30)));
        Thread.currentThread().interrupt();
        try {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> store.list("")).isInstanceOf(BackupException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            assertThat(failing.calls.get()).isEqualTo(1);
        } finally {
            assertThat(Thread.interrupted()).isTrue();
            store.close();
        }
    }

    @ParameterizedTest(name = "after attempt {0}: {1} ms")
    @CsvSource({"1, 2000", "2, 4000", "3, 8000", "4, 16000", "5, 30000", "40, 30000"})
    void backoff_doubles_up_to_its_maximum(int attempt, long millis) {
        assertThat(Backoff.defaults().after(attempt)).isEqualTo(Duration.ofMillis(millis));
    }
}
