package io.cartographus.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP webhook receiver on loopback, port 0. It answers with a script of replies (the last one
 * repeats) and records every request with its arrival time. Its URL has a secret path, like Slack's.
 * Public for the end-to-end tests, which point the real server at it.
 */
public final class WebhookReceiver implements AutoCloseable {
    public record Received(String method, String contentType, String body, long arrivedNanos) {
    }

    /** What to answer: a status after an optional delay, optionally a Retry-After, or never. */
    public record Reply(int status, Duration delay, String retryAfter, boolean neverAnswer) {
        public static Reply status(int status) {
            return new Reply(status, Duration.ZERO, null, false);
        }

        static Reply slow(Duration delay, int status) {
            return new Reply(status, delay, null, false);
        }

        static Reply hang() {
            return new Reply(0, Duration.ZERO, null, true);
        }

        Reply withRetryAfter(String value) {
            return new Reply(status, delay, value, neverAnswer);
        }
    }

    private final String secret = "T0CART/B0GRAPH/" + UUID.randomUUID().toString().replace("-", "");
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Deque<Reply> script;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    public WebhookReceiver(Reply... replies) throws IOException {
        script = new ArrayDeque<>(Arrays.asList(replies));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        // One thread per request, so that a hanging reply does not hold up the next request.
        server.setExecutor(pool);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/services/" + secret);
    }

    /** The part of the URL that must never be logged. */
    String secret() {
        return secret;
    }

    public List<Received> received() {
        return received;
    }

    private Reply next() {
        synchronized (script) {
            return script.size() > 1 ? script.poll() : script.peek();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        received.add(new Received(exchange.getRequestMethod(),
                exchange.getRequestHeaders().getFirst("Content-Type"), body, System.nanoTime()));
        Reply reply = next();
        try {
            if (reply.neverAnswer()) {
                closing.await();
                return;
            }
            if (!reply.delay().isZero()) {
                closing.await(reply.delay().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (reply.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
        }
        exchange.sendResponseHeaders(reply.status(), -1);
        exchange.close();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
