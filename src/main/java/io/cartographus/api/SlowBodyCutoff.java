package io.cartographus.api;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Ends a request whose body trickles in. The idle timeout alone cannot: a client sending one byte
 * a second resets it with every byte and holds a request thread for as long as it likes. Here a
 * request that has to wait for more body bytes, after a grace period, while fewer than
 * {@code minBytesPerSecond} have arrived per second since the handler first waited, reads a
 * {@link TimeoutException} instead (the API answers 408).
 *
 * <p>Jetty's own minimum request data rate (deprecated in 12.1) is not used: it is checked on every
 * read, even when the whole body has already arrived, so a small body the handler reads a few
 * milliseconds late on a busy machine failed. Its suggested replacement, MinimumDataRateHandler,
 * divides the bytes of all requests by one request's time, so it cannot catch one slow client.
 */
final class SlowBodyCutoff extends Handler.Wrapper {
    private final long minBytesPerSecond;
    private final long graceNanos;

    SlowBodyCutoff(long minBytesPerSecond, long graceMillis) {
        this.minBytesPerSecond = minBytesPerSecond;
        this.graceNanos = TimeUnit.MILLISECONDS.toNanos(graceMillis);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return super.handle(new Measured(request), response, callback);
    }

    /** Counts the body bytes read; only a wait for more bytes (a demand) is checked. */
    private final class Measured extends Request.Wrapper {
        private long firstWait;
        private long bytes;
        private Content.Chunk failure;

        Measured(Request wrapped) {
            super(wrapped);
        }

        @Override
        public Content.Chunk read() {
            if (failure != null) {
                return failure;
            }
            Content.Chunk chunk = super.read();
            if (chunk != null) {
                bytes += chunk.remaining();
            }
            return chunk;
        }

        @Override
        public void demand(Runnable more) {
            long now = System.nanoTime();
            if (firstWait == 0) {
                firstWait = now;
            }
            long waited = now - firstWait;
            if (waited > graceNanos && bytes * 1_000_000_000L / waited < minBytesPerSecond) {
                failure = Content.Chunk.from(new TimeoutException("the request body arrived at under " + minBytesPerSecond
                        + " bytes/s (" + bytes + " bytes in " + TimeUnit.NANOSECONDS.toSeconds(waited) + " s)"));
                more.run();
                return;
            }
            super.demand(more);
        }
    }
}
