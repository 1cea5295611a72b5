package io.cartographus.offsite;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries another store's calls that failed for a passing reason ({@link ErrorKind#UNAVAILABLE}:
 * network, throttling, server errors) with exponential backoff; everything else (missing bucket,
 * rejected credentials, checksum mismatch) fails at once. Whole calls are retried: the inner store
 * already retries single requests (an upload part), this rides out longer outages. Never retries
 * on an interrupted thread, so shutting down is not delayed.
 */
public final class RetryingStore implements OffsiteStore {
    private static final Logger log = LoggerFactory.getLogger(RetryingStore.class);

    private final OffsiteStore inner;
    private final Backoff backoff;

    public RetryingStore(OffsiteStore inner, Backoff backoff) {
        this.inner = inner;
        this.backoff = backoff;
    }

    @Override
    public void put(String name, Path file, String sha256) {
        retry("upload " + name, () -> {
            inner.put(name, file, sha256);
            return null;
        });
    }

    @Override
    public void put(String name, byte[] content) {
        retry("upload " + name, () -> {
            inner.put(name, content);
            return null;
        });
    }

    @Override
    public String get(String name, Path target, String expectedSha256) {
        return retry("download " + name, () -> inner.get(name, target, expectedSha256));
    }

    @Override
    public byte[] read(String name, int maxBytes) {
        return retry("download " + name, () -> inner.read(name, maxBytes));
    }

    @Override
    public List<StoredObject> list(String namePrefix) {
        return retry("list " + namePrefix + "*", () -> inner.list(namePrefix));
    }

    @Override
    public Optional<StoredObject> head(String name) {
        return retry("look up " + name, () -> inner.head(name));
    }

    @Override
    public void delete(String name) {
        retry("delete " + name, () -> {
            inner.delete(name);
            return null;
        });
    }

    @Override
    public String location(String name) {
        return inner.location(name);
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return "RetryingStore[" + inner + ", " + backoff + "]";
    }

    private <T> T retry(String what, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (BackupException e) {
                if (e.kind() != ErrorKind.UNAVAILABLE || attempt >= backoff.attempts() || Thread.currentThread().isInterrupted()) {
                    throw attempt == 1 ? e : new BackupException(e.kind(), e.getMessage() + " (after " + attempt + " attempts)", e.hint(), e);
                }
                long waitMs = backoff.after(attempt).toMillis();
                log.warn("off-site: {} failed (attempt {} of {}): {}; trying again in {} ms", what, attempt, backoff.attempts(),
                        e.getMessage(), waitMs);
                try {
                    Thread.sleep(waitMs);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
