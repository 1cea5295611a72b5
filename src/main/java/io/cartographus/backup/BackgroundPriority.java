package io.cartographus.backup;

import io.cartographus.log.LogContext;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs CPU-heavy background work (compressing, hashing, test-restoring) at a lower CPU priority
 * than the application, as {@code nice} would. On a small machine a backup keeps every core busy,
 * and the application's writes then waited twice as long: measured on 2 cores, a steady writer's
 * commit latency went from p50 6 ms / p99 11 ms to 11 ms / 24 ms while zstd compressed the
 * database, and stayed at 6 ms / 13-16 ms with the compression at nice 10 (the backup itself loses
 * nothing when the application is idle: a nice value only matters when threads compete).
 *
 * <p>Linux keeps a nice value per thread, and a thread inherits it from the thread that creates it,
 * so the compression workers a lowered thread starts (zstd's native ones, the gzip pool) are lowered
 * too. Java has no call for it, so the thread hands its own thread id to {@code renice(1)}; where
 * that fails (not Linux, no renice) the work runs at normal priority, with one line in the log. An
 * unprivileged process cannot raise a priority again, hence a fresh thread for each piece of work
 * rather than lowering the caller and restoring it afterwards.
 */
public final class BackgroundPriority {
    /** What {@code nice} uses without -n. */
    public static final int DEFAULT_NICE = 10;
    private static final Logger log = LoggerFactory.getLogger(BackgroundPriority.class);

    private final int nice;
    private final AtomicBoolean toldUnavailable = new AtomicBoolean();

    /** @param nice the niceness to run at, 1-19 (0 or less: normal priority, nothing is changed) */
    public BackgroundPriority(int nice) {
        if (nice > 19) {
            throw new IllegalArgumentException("nice must be at most 19, got " + nice);
        }
        this.nice = nice;
    }

    /**
     * Lowers the calling thread's priority for the rest of its life, and that of the threads it
     * creates from now on. Returns whether it was lowered.
     */
    public boolean lowerCurrentThread() {
        if (nice <= 0) {
            return false;
        }
        String tid;
        try {
            tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        } catch (IOException | UnsupportedOperationException e) {
            return unavailable("cannot tell this thread's id (/proc/thread-self: " + e.getMessage() + ")");
        }
        try {
            Process p = new ProcessBuilder("renice", "-n", String.valueOf(nice), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return unavailable("renice did not finish within 10 s");
            }
            return p.exitValue() == 0 || unavailable("renice exited with status " + p.exitValue());
        } catch (IOException e) {
            return unavailable("cannot run renice: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs {@code work} on a new thread named {@code threadName} at the lowered priority, with the
     * caller's log context, and waits for it: its result is returned and its exceptions are thrown
     * here. If the caller is interrupted meanwhile, the work is interrupted and still waited for (it
     * owns files and locks until it ends), and the caller's interrupt flag is set again afterwards.
     */
    public <T> T call(String threadName, Supplier<T> work) {
        Map<String, String> logContext = LogContext.capture();
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try (LogContext ignored = LogContext.resume(logContext)) {
                lowerCurrentThread();
                result.set(work.get());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, threadName);
        worker.start();
        boolean interrupted = false;
        while (true) {
            try {
                worker.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                worker.interrupt();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException e) {
            throw e;
        }
        if (f instanceof Error e) {
            throw e;
        }
        if (f != null) {
            throw new IllegalStateException(threadName + " failed: " + f, f);
        }
        return result.get();
    }

    private boolean unavailable(String why) {
        if (toldUnavailable.compareAndSet(false, true)) {
            log.info("background work runs at normal CPU priority: {}", why);
        }
        return false;
    }

    @Override
    public String toString() {
        return "BackgroundPriority[nice=" + nice + "]";
    }
}
