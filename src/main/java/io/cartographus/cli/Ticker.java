package io.cartographus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The running operation's progress while a long call runs (backup, restore): on a terminal, one line
 * redrawn each second ("compress 42 % · 420 MiB of 1.0 GiB · 38 MiB/s · about 15 s left"); with
 * --json, one JSON line a second on standard error ({@code {"progress":{…}}}, the API's fields) so
 * that a script can follow it while standard output keeps only the result; piped, nothing.
 */
final class Ticker implements ProgressHandle {
    private final ScheduledExecutorService timer;
    private final PrintStream err;
    private final boolean line;

    private Ticker(String what, Supplier<JsonNode> progress, boolean line, PrintStream err) {
        this.err = err;
        this.line = line;
        long start = System.nanoTime();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ticker");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            JsonNode p = safely(progress);
            if (line) {
                err.print("\r\033[K" + what + ": " + render(p, (System.nanoTime() - start) / 1_000_000_000L));
            } else if (p != null) {
                err.println("{\"progress\":" + p + "}");
            }
            err.flush();
        }, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * @param progress the operation's progress as the API shows it (status's {@code progress}), or null
     *                 when it is not known (the polling thread never lets a failure of it escape)
     */
    static ProgressHandle start(String what, boolean json, PrintStream err, Supplier<JsonNode> progress) {
        boolean terminal = System.console() != null;
        if (!json && !terminal) {
            return () -> {
            };
        }
        return new Ticker(what, progress, !json, err);
    }

    /** Pure: the terminal line for a progress document, or elapsed seconds when there is none. */
    static String render(JsonNode p, long elapsedSeconds) {
        if (p == null || !p.hasNonNull("phase")) {
            return elapsedSeconds + " s";
        }
        StringBuilder s = new StringBuilder(p.path("phase").asText());
        if (p.hasNonNull("percent")) {
            s.append(' ').append(Math.round(p.path("percent").asDouble())).append(" %");
        }
        long done = p.path("bytes_done").asLong();
        if (p.hasNonNull("bytes_total")) {
            s.append(" · ").append(Human.size(done)).append(" of ").append(Human.size(p.path("bytes_total").asLong()));
        } else if (done > 0) {
            s.append(" · ").append(Human.size(done));
        }
        if (p.hasNonNull("bytes_per_second")) {
            s.append(" · ").append(Human.size(p.path("bytes_per_second").asLong())).append("/s");
        }
        if (p.hasNonNull("eta_seconds")) {
            s.append(" · about ").append(p.path("eta_seconds").asLong()).append(" s left");
        }
        return s.append(" · ").append(elapsedSeconds).append(" s").toString();
    }

    private static JsonNode safely(Supplier<JsonNode> progress) {
        try {
            JsonNode p = progress == null ? null : progress.get();
            return p == null || p.isNull() || p.isMissingNode() ? null : p;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (line) {
            err.print("\r\033[K");
        }
        err.flush();
    }
}
