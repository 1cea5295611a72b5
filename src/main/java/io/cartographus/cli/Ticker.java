package io.cartographus.cli;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Elapsed time on one terminal line while a long call runs (backup, restore). Only on a terminal:
 * piped output and --json stay clean. The server does not report a percentage, so this shows time.
 */
final class Ticker implements ProgressHandle {
    private final ScheduledExecutorService timer;
    private final PrintStream err;
    private final long start = System.nanoTime();

    private Ticker(String what, PrintStream err) {
        this.err = err;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ticker");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> err.printf("\r%s… %d s ", what, (System.nanoTime() - start) / 1_000_000_000L), 1, 1, TimeUnit.SECONDS);
    }

    /** A ticker on a terminal, or a no-op when output is not interactive or JSON was asked for. */
    static ProgressHandle start(String what, boolean json, PrintStream err) {
        if (json || System.console() == null) {
            return () -> {
            };
        }
        return new Ticker(what, err);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        err.print("\r\033[K");
        err.flush();
    }
}
