package io.cartographus.notify;

import static io.cartographus.notify.WebhookReceiver.Reply.hang;
import static io.cartographus.notify.WebhookReceiver.Reply.slow;
import static io.cartographus.notify.WebhookReceiver.Reply.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.config.NotifyConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class WebhookNotifierTest {
    private static final Instant AT = Instant.parse("2026-01-01T02:00:45Z");
    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(50), Duration.ofSeconds(2));

    private final ObjectMapper json = new ObjectMapper();
    private final List<String> deliveries = new CopyOnWriteArrayList<>();
    private final DeliveryListener listener = (event, outcome) -> deliveries.add(event + " " + outcome);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    /** Every URL a test used: none of them may show up in the logs. */
    private final List<URI> urls = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private ExecutorService executor;

    @BeforeEach
    void setUp() {
        executor = Executors.newFixedThreadPool(2);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        executor.shutdownNow();
        root.detachAppender(logs);
        for (ILoggingEvent e : logs.list) {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                    : " " + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage());
            for (URI url : urls) {
                assertThat(line).as("log line must not reveal the webhook URL")
                        .doesNotContain(url.toString()).doesNotContain(url.getPath()).doesNotContain(url.getAuthority());
            }
        }
    }

    private WebhookReceiver receiver(WebhookReceiver.Reply... replies) throws Exception {
        WebhookReceiver r = new WebhookReceiver(replies);
        toClose.add(r);
        urls.add(r.url());
        return r;
    }

    private WebhookNotifier notifier(URI url, boolean onSuccess, boolean onFailure, boolean onCleanup, RetryPolicy retry) {
        WebhookNotifier n = new WebhookNotifier(new NotifyConfig(onSuccess, onFailure, onCleanup, url), executor, retry, listener);
        toClose.add(n);
        return n;
    }

    private WebhookNotifier notifier(URI url, RetryPolicy retry) {
        return notifier(url, true, true, true, retry);
    }

    private static Map<String, Object> record() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("id", "20260101-020000-full");
        b.put("type", "full");
        b.put("trigger", "scheduled");
        b.put("status", "failed");
        b.put("compression", null);
        b.put("error", "No space left on device");
        return b;
    }

    private static NotificationEvent event(String name) {
        return switch (name) {
            case NotificationEvent.BACKUP_COMPLETED -> NotificationEvent.backupCompleted(record(), AT);
            case NotificationEvent.BACKUP_FAILED -> NotificationEvent.backupFailed(record(), null, AT);
            case NotificationEvent.RETENTION_CLEANUP -> NotificationEvent.retentionCleanup(List.of("a", "b"), 10, AT);
            case NotificationEvent.RESTORE_COMPLETED -> NotificationEvent.restoreCompleted(record(), Map.of(), AT);
            case NotificationEvent.RESTORE_FAILED -> NotificationEvent.restoreFailed(record(), "checksum mismatch", Map.of(), AT);
            case NotificationEvent.DRILL_COMPLETED -> NotificationEvent.drill(Map.of("backup_id", "x", "passed", true), AT);
            case NotificationEvent.DRILL_FAILED -> NotificationEvent.drill(Map.of("backup_id", "x", "passed", false, "message", "bad"), AT);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Test
    void posts_slack_compatible_json_with_event_backup_timestamp_and_details() throws Exception {
        WebhookReceiver r = receiver(status(200));
        NotificationEvent e = NotificationEvent.backupFailed(record(), "No space left on device writing backup-x.tar.gz", AT);
        notifier(r.url(), FAST).send(e);

        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.contains("backup.failed success"));
        assertThat(r.received()).hasSize(1);
        WebhookReceiver.Received got = r.received().get(0);
        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.contentType()).isEqualTo("application/json");
        JsonNode body = json.readTree(got.body());
        assertThat(body.get("text").isTextual()).isTrue();
        assertThat(body.get("text").asText()).isEqualTo(e.text())
                .isEqualTo("Cartographus backup 20260101-020000-full (full, scheduled) FAILED: "
                        + "No space left on device writing backup-x.tar.gz.");
        assertThat(body.get("event").asText()).isEqualTo("backup.failed");
        assertThat(body.get("timestamp").asText()).isEqualTo("2026-01-01T02:00:45Z");
        assertThat(body.get("backup").get("id").asText()).isEqualTo("20260101-020000-full");
        assertThat(body.get("backup").has("compression")).isTrue();
        assertThat(body.get("backup").get("compression").isNull()).isTrue();
        assertThat(body.get("error").asText()).isEqualTo("No space left on device writing backup-x.tar.gz");
        assertThat(body.size()).isEqualTo(5);
    }

    @Test
    void details_become_top_level_fields_but_cannot_override_the_core_ones() throws Exception {
        WebhookReceiver r = receiver(status(204));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("deleted", List.of("20251001-020000-full"));
        details.put("event", "spoofed");
        details.put("text", "spoofed");
        notifier(r.url(), FAST).send(new NotificationEvent("retention.cleanup", "Cleanup.", Map.of(), AT, details));

        await().atMost(Duration.ofSeconds(5)).until(() -> r.received().size() == 1);
        JsonNode body = json.readTree(r.received().get(0).body());
        assertThat(body.get("event").asText()).isEqualTo("retention.cleanup");
        assertThat(body.get("text").asText()).isEqualTo("Cleanup.");
        assertThat(body.get("deleted").get(0).asText()).isEqualTo("20251001-020000-full");
        assertThat(body.get("backup").isObject()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.contains("retention.cleanup success"));
    }

    @ParameterizedTest(name = "{0} with success={1} failure={2} cleanup={3}: sent={4}")
    @CsvSource({
        "backup.completed,  true,  false, false, true",
        "backup.completed,  false, true,  true,  false",
        "backup.failed,     false, true,  false, true",
        "backup.failed,     true,  false, true,  false",
        "retention.cleanup, false, false, true,  true",
        "retention.cleanup, true,  true,  false, false",
        "restore.completed, false, false, false, true",
        "restore.failed,    false, false, false, true",
        "drill.completed,   true,  false, false, true",
        "drill.completed,   false, true,  true,  false",
        "drill.failed,      false, true,  false, true",
        "drill.failed,      true,  false, true,  false",
    })
    void sends_an_event_only_when_its_flag_allows(
            String name, boolean onSuccess, boolean onFailure, boolean onCleanup, boolean sent) throws Exception {
        WebhookReceiver r = receiver(status(200));
        WebhookNotifier n = notifier(r.url(), onSuccess, onFailure, onCleanup, FAST);
        assertThat(n.wants(name)).isEqualTo(sent);

        n.send(event(name));
        // restore.completed is always sent: once it has arrived, a wanted event would have too.
        n.send(event(NotificationEvent.RESTORE_COMPLETED));
        int expected = sent ? 2 : 1;
        await().atMost(Duration.ofSeconds(5)).until(() -> r.received().size() >= expected);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> r.received().size() == expected);
        assertThat(r.received()).extracting(x -> json.readTree(x.body()).get("event").asText())
                .contains(sent ? name : NotificationEvent.RESTORE_COMPLETED);
    }

    @Test
    void sends_nothing_and_starts_no_task_without_a_url() {
        ThreadPoolExecutor counted = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        try (WebhookNotifier n = new WebhookNotifier(new NotifyConfig(true, true, true, null), counted, FAST, listener)) {
            for (String name : NotificationEvent.EVENTS) {
                assertThat(n.wants(name)).isFalse();
                n.send(event(name));
            }
        } finally {
            counted.shutdownNow();
        }
        assertThat(counted.getTaskCount()).isZero();
        assertThat(deliveries).isEmpty();
    }

    @Test
    void retries_server_errors_with_growing_backoff_then_succeeds() throws Exception {
        WebhookReceiver r = receiver(status(500), status(502), status(200));
        notifier(r.url(), new RetryPolicy(4, Duration.ofMillis(150), Duration.ofSeconds(2))).send(event("backup.failed"));

        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.contains("backup.failed success"));
        assertThat(r.received()).hasSize(3);
        long first = r.received().get(1).arrivedNanos() - r.received().get(0).arrivedNanos();
        long second = r.received().get(2).arrivedNanos() - r.received().get(1).arrivedNanos();
        assertThat(Duration.ofNanos(first)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(Duration.ofNanos(second)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(deliveries).containsExactly("backup.failed success");
    }

    @Test
    void gives_up_after_max_attempts_when_the_receiver_keeps_answering_503() throws Exception {
        WebhookReceiver r = receiver(status(503));
        notifier(r.url(), new RetryPolicy(3, Duration.ofMillis(30), Duration.ofSeconds(2))).send(event("backup.failed"));

        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.contains("backup.failed failed"));
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> r.received().size() == 3);
        assertThat(deliveries).containsExactly("backup.failed failed");
    }

    @Test
    void retries_429_and_waits_at_least_as_long_as_retry_after_says() throws Exception {
        WebhookReceiver r = receiver(status(429).withRetryAfter("1"), status(200));
        notifier(r.url(), FAST).send(event("restore.completed"));

        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.contains("restore.completed success"));
        assertThat(r.received()).hasSize(2);
        assertThat(Duration.ofNanos(r.received().get(1).arrivedNanos() - r.received().get(0).arrivedNanos()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @ParameterizedTest(name = "status {0}")
    @ValueSource(ints = {400, 403, 404, 301})
    void does_not_retry_other_client_answers(int code) throws Exception {
        WebhookReceiver r = receiver(status(code), status(200));
        notifier(r.url(), FAST).send(event("backup.failed"));

        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.contains("backup.failed failed"));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> r.received().size() == 1);
    }

    @Test
    void a_receiver_that_never_answers_times_out_and_is_tried_a_bounded_number_of_times() throws Exception {
        WebhookReceiver r = receiver(hang());
        long start = System.nanoTime();
        notifier(r.url(), new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(300))).send(event("backup.failed"));

        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.contains("backup.failed failed"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(650));
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> r.received().size() == 2);
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.contains("HttpTimeoutException"));
    }

    @Test
    void connection_refused_is_retried_and_bounded() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/services/T0/B0/refusedsecret");
        urls.add(url);
        notifier(url, new RetryPolicy(3, Duration.ofMillis(20), Duration.ofSeconds(1))).send(event("backup.failed"));

        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.contains("backup.failed failed"));
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .filteredOn(m -> m.startsWith("webhook backup.failed attempt")).hasSize(2);
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.startsWith("webhook backup.failed failed (ConnectException) after 3 attempt(s)"));
    }

    @Test
    void send_returns_at_once_and_leaves_the_shared_executor_free_while_the_receiver_is_slow() throws Exception {
        WebhookReceiver r = receiver(slow(Duration.ofMillis(1500), 200));
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            WebhookNotifier n = new WebhookNotifier(new NotifyConfig(true, true, true, r.url()), single,
                    new RetryPolicy(1, Duration.ofMillis(10), Duration.ofSeconds(5)), listener);
            toClose.add(n);
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                n.send(event("backup.failed"));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(250));
            // One executor thread, three requests in flight at once: nobody waits on the slow receiver.
            await().atMost(Duration.ofMillis(1200)).until(() -> r.received().size() == 3);
            await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.size() == 3);
            assertThat(deliveries).containsOnly("backup.failed success");
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void logs_each_outcome_by_event_and_status_only() throws Exception {
        WebhookReceiver r = receiver(status(500), status(400));
        notifier(r.url(), FAST).send(event("backup.failed"));

        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.contains("backup.failed failed"));
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).contains(
                "webhook backup.failed attempt 1/4 failed (status 500), retrying in 50 ms",
                "webhook backup.failed failed (status 400) after 2 attempt(s), not retried");
        // tearDown also checks that no line anywhere contains the URL, its host:port or its path.
    }

    @Test
    void close_waits_for_a_delivery_under_way() throws Exception {
        WebhookReceiver r = receiver(slow(Duration.ofMillis(400), 200));
        WebhookNotifier n = notifier(r.url(), FAST);
        n.send(event("restore.completed"));
        n.close();
        assertThat(deliveries).containsExactly("restore.completed success");
    }

    @Test
    void close_gives_up_on_a_receiver_that_never_answers() throws Exception {
        WebhookReceiver r = receiver(hang());
        WebhookNotifier n = notifier(r.url(), new RetryPolicy(5, Duration.ofMillis(50), Duration.ofMillis(300)));
        n.send(event("restore.failed"));
        long start = System.nanoTime();
        n.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(3)).until(() -> deliveries.contains("restore.failed failed"));
        assertThat(r.received().size()).isLessThan(5);
    }

    @Test
    void send_after_close_is_reported_failed_and_not_posted() throws Exception {
        WebhookReceiver r = receiver(status(200));
        WebhookNotifier n = notifier(r.url(), FAST);
        n.close();
        n.send(event("backup.failed"));
        assertThat(deliveries).containsExactly("backup.failed failed");
        assertThat(r.received()).isEmpty();
    }

    @Test
    void a_record_that_is_not_json_ready_is_reported_failed_instead_of_thrown() throws Exception {
        WebhookReceiver r = receiver(status(200));
        Map<String, Object> bad = Map.of("id", "x", "created_at", Instant.EPOCH);
        notifier(r.url(), FAST).send(NotificationEvent.backupFailed(bad, "boom", AT));
        assertThat(deliveries).containsExactly("backup.failed failed");
        assertThat(r.received()).isEmpty();
    }

    @Test
    void a_shut_down_executor_is_reported_failed_instead_of_thrown() throws Exception {
        WebhookReceiver r = receiver(status(200));
        WebhookNotifier n = notifier(r.url(), FAST);
        executor.shutdown();
        n.send(event("backup.failed"));
        assertThat(deliveries).containsExactly("backup.failed failed");
    }

    @Test
    void a_throwing_listener_does_not_stop_later_deliveries() throws Exception {
        WebhookReceiver r = receiver(status(200));
        List<String> heard = new CopyOnWriteArrayList<>();
        WebhookNotifier n = new WebhookNotifier(new NotifyConfig(true, true, true, r.url()), executor, FAST,
                (event, outcome) -> {
                    heard.add(event);
                    throw new IllegalStateException("listener bug");
                });
        toClose.add(n);
        n.send(event("backup.failed"));
        n.send(event("restore.failed"));
        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 2);
        assertThat(r.received()).hasSize(2);
    }

    @Test
    void rejects_a_non_http_url_without_repeating_it() {
        URI ftp = URI.create("ftp://user:hunter2@example.invalid/hook");
        assertThatThrownBy(() -> new WebhookNotifier(new NotifyConfig(true, true, true, ftp), executor, FAST, listener))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("example.invalid");
    }
}
