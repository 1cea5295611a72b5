package io.cartographus.progress;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The progress of one operation, written by the thread doing the work and read by anyone: a phase
 * name, bytes done in it and its total (negative: unknown). Phases replace each other; bytes start
 * again from zero with each.
 */
public final class Progress {
    private final LongSupplier nanoClock;
    private final AtomicLong done = new AtomicLong();
    private final long started;
    private volatile Phase phase;

    private record Phase(String name, long total, long startedNanos) {
    }

    public Progress(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.started = nanoClock.getAsLong();
        this.phase = new Phase("starting", -1, started);
    }

    /** A progress on the system's monotonic clock. */
    public static Progress start() {
        return new Progress(System::nanoTime);
    }

    /** @param totalBytes what the phase will process, or negative when that is not known */
    public void phase(String name, long totalBytes) {
        done.set(0);
        phase = new Phase(name, totalBytes, nanoClock.getAsLong());
    }

    public void advance(long bytes) {
        done.addAndGet(bytes);
    }

    public ProgressReport report() {
        Phase p = phase;
        long now = nanoClock.getAsLong();
        return ProgressReport.of(p.name(), done.get(), p.total(), now - p.startedNanos(), now - started);
    }
}
