package io.cartographus.backup;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Backups being downloaded or restored right now: retention and delete leave them alone. */
public final class InUse {
    private final ConcurrentHashMap<String, AtomicInteger> users = new ConcurrentHashMap<>();

    public Claim claim(String id) {
        users.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        return new Claim(id);
    }

    public boolean contains(String id) {
        AtomicInteger n = users.get(id);
        return n != null && n.get() > 0;
    }

    /** Released when closed. */
    public final class Claim implements AutoCloseable {
        private final String id;
        private boolean closed;

        private Claim(String id) {
            this.id = id;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                users.computeIfPresent(id, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
            }
        }
    }
}
