package io.cartographus.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.config.NotifyConfig;
import io.cartographus.log.LogContext;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each wanted event as Slack-compatible JSON to {@code BACKUP_WEBHOOK_URL}, in the background.
 * Which events are wanted: backup.completed if BACKUP_NOTIFY_SUCCESS, backup.failed if
 * BACKUP_NOTIFY_FAILURE (drill.completed and drill.failed likewise), retention.cleanup if BACKUP_NOTIFY_CLEANUP, restores always; nothing without
 * a URL. 5xx, 429, timeouts and connection errors are retried with exponential backoff up to
 * {@link RetryPolicy#maxAttempts()}; any other answer is final.
 *
 * <p>Nothing here blocks a thread while waiting: requests are asynchronous and backoff waits are
 * scheduled, so a slow receiver costs the shared executor nothing. The URL carries Slack's secret,
 * so logs name only "webhook", the event, the outcome and the HTTP status or exception class.
 */
public final class WebhookNotifier implements Notifier, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
    // A receiver may ask for a longer pause with Retry-After; honour it, within reason.
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    private final NotifyConfig config;
    private final ExecutorService executor;
    private final RetryPolicy retry;
    private final DeliveryListener listener;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();
    private final Set<CompletableFuture<Void>> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile boolean abandoned;

    public WebhookNotifier(NotifyConfig config, ExecutorService executor, RetryPolicy retry, DeliveryListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (config.webhookUrl() != null) {
            String scheme = config.webhookUrl().getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
                // The message must not echo the URL: it is a secret.
                throw new IllegalArgumentException("BACKUP_WEBHOOK_URL must be an http or https URL");
            }
        }
        this.client = config.webhookUrl() == null ? null : HttpClient.newBuilder()
                .connectTimeout(retry.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** True when {@link #send} would deliver this event. */
    public boolean wants(String event) {
        if (client == null) {
            return false;
        }
        return switch (event) {
            case NotificationEvent.BACKUP_COMPLETED, NotificationEvent.DRILL_COMPLETED -> config.onSuccess();
            case NotificationEvent.BACKUP_FAILED, NotificationEvent.DRILL_FAILED -> config.onFailure();
            case NotificationEvent.RETENTION_CLEANUP -> config.onCleanup();
            default -> true;
        };
    }

    @Override
    public void send(NotificationEvent e) {
        if (e == null || !wants(e.event())) {
            return;
        }
        if (closed) {
            log.warn("webhook {} not sent: notifier already closed", e.event());
            report(e.event(), DeliveryListener.FAILED);
            return;
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(payload(e));
        } catch (JsonProcessingException ex) {
            log.error("webhook {} not sent: payload is not JSON-ready ({})", e.event(), ex.getOriginalMessage());
            report(e.event(), DeliveryListener.FAILED);
            return;
        }
        Delivery d = new Delivery(e.event(), HttpRequest.newBuilder(config.webhookUrl())
                .timeout(retry.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "cartographus-backup")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
        pending.add(d.done);
        d.done.whenComplete((v, t) -> pending.remove(d.done));
        d.submit(() -> d.attempt(1));
    }

    /** Stops accepting events and waits up to the request timeout for deliveries under way. */
    @Override
    public void close() {
        closed = true;
        CompletableFuture<?>[] waiting = pending.toArray(new CompletableFuture<?>[0]);
        if (waiting.length == 0) {
            return;
        }
        try {
            CompletableFuture.allOf(waiting).get(retry.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abandoned = true;
            log.warn("webhook: {} deliveries still pending at shutdown, abandoned", pending.size());
        } catch (InterruptedException e) {
            abandoned = true;
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // Deliveries complete normally; nothing to report beyond what they logged.
        }
    }

    static Map<String, Object> payload(NotificationEvent e) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("text", e.text());
        p.put("event", e.event());
        p.put("backup", e.backup());
        p.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(e.timestamp().truncatedTo(ChronoUnit.MILLIS)));
        e.details().forEach(p::putIfAbsent);
        return p;
    }

    private void report(String event, String outcome) {
        try {
            listener.delivered(event, outcome);
        } catch (RuntimeException ex) {
            log.warn("webhook {} delivery listener failed ({})", event, ex.getClass().getSimpleName());
        }
    }

    /** One event's journey: attempt, maybe wait and attempt again, then report once. */
    private final class Delivery {
        final String event;
        final HttpRequest request;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        /** The sender's action and backup id, so that delivery lines on other threads name the backup too. */
        final Map<String, String> logContext = LogContext.capture();

        Delivery(String event, HttpRequest request) {
            this.event = event;
            this.request = request;
        }

        void submit(Runnable r) {
            try {
                executor.execute(r);
            } catch (RejectedExecutionException ex) {
                log.warn("webhook {} failed: executor is shut down", event);
                finish(DeliveryListener.FAILED);
            }
        }

        void attempt(int n) {
            try (LogContext c = LogContext.resume(logContext)) {
                attemptLogged(n);
            }
        }

        private void attemptLogged(int n) {
            if (abandoned) {
                log.warn("webhook {} failed: abandoned at shutdown after {} attempt(s)", event, n - 1);
                finish(DeliveryListener.FAILED);
                return;
            }
            try {
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .whenComplete((response, error) -> answered(n, response, error));
            } catch (RuntimeException ex) {
                // sendAsync reports I/O trouble through the future; a throw here is a bug, not worth a retry.
                log.error("webhook {} failed ({})", event, ex.getClass().getSimpleName());
                finish(DeliveryListener.FAILED);
            }
        }

        private void answered(int n, HttpResponse<Void> response, Throwable error) {
            try (LogContext c = LogContext.resume(logContext)) {
                answeredLogged(n, response, error);
            }
        }

        private void answeredLogged(int n, HttpResponse<Void> response, Throwable error) {
            String what;
            boolean retryable;
            Duration wait = retry.backoffAfter(n);
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                // Only the class: an exception message may quote the host or the URL.
                what = cause.getClass().getSimpleName();
                retryable = cause instanceof IOException;
            } else {
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    log.info("webhook {} success (status {}, attempt {}/{})", event, status, n, retry.maxAttempts());
                    finish(DeliveryListener.SUCCESS);
                    return;
                }
                what = "status " + status;
                retryable = status == 429 || status >= 500;
                if (status == 429) {
                    wait = longer(wait, retryAfter(response));
                }
            }
            if (retryable && n < retry.maxAttempts() && !abandoned) {
                log.warn("webhook {} attempt {}/{} failed ({}), retrying in {} ms",
                        event, n, retry.maxAttempts(), what, wait.toMillis());
                CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS, this::submit)
                        .execute(() -> attempt(n + 1));
                return;
            }
            log.warn("webhook {} failed ({}) after {} attempt(s){}", event, what, n, retryable ? "" : ", not retried");
            finish(DeliveryListener.FAILED);
        }

        private void finish(String outcome) {
            report(event, outcome);
            done.complete(null);
        }
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                long s = Long.parseLong(v.trim());
                return s < 0 ? Duration.ZERO : Duration.ofSeconds(Math.min(s, MAX_RETRY_AFTER.toSeconds()));
            } catch (NumberFormatException e) {
                return Duration.ZERO; // an HTTP date; the exponential backoff will do
            }
        }).orElse(Duration.ZERO);
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
