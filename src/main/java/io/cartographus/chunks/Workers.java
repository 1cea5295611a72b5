package io.cartographus.chunks;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads one store or rebuild of a file uses next to its caller's, so that hashing and
 * decoding use the host's second core. They are started by the caller's thread and so inherit
 * its scheduling priority (a backup's nice value), and they are daemons: a pool left behind by a
 * failure never keeps the JVM alive.
 */
final class Workers {
    private Workers() {
    }

    static ExecutorService start(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Lets the queued work finish; what it touches is the caller's again afterwards. */
    static void finish(ExecutorService pool) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(1, TimeUnit.HOURS)) {
                throw new BackupException(ErrorKind.INTERNAL, "a chunk worker did not finish within an hour");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(ErrorKind.INTERNAL, "interrupted while waiting for a chunk worker", e);
        }
    }
}
