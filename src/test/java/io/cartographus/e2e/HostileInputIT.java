package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.database.TableStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile request corpus ({@link HostileCorpus}) against one real server: each request gets a
 * clear error status with the {@code {"error":{code,message}}} envelope and leaves the data directory
 * byte-identical (the database compared by rows and fingerprints). Then clients that send a body at
 * one byte a second or stop sending half-way: the server cuts them off instead of waiting for ever.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
    private static final String T = AppProcess.ADMIN;

    private Path data;
    private AppProcess app;
    private RawHttp raw;
    private HostileCorpus.Fixture fixture;
    private Map<String, String> files;
    private Path outside;
    private List<String> around;
    private Map<String, TableStats> tables;
    private JsonNode stats;
    private JsonNode list;
    private final ExecutorService slowClients = Executors.newCachedThreadPool();
    private Future<String> stalled;
    private long stalledSince;
    private final List<Socket> slowHeaders = new ArrayList<>();

    @BeforeAll
    void startServerAndTakeStock(@TempDir Path tmp) throws Exception {
        data = tmp.resolve("data");
        AppProcess.CliResult seeded = AppProcess.cli(Map.of("DATA_DIR", data.toString()), "demo", "seed", "--events", "5000");
        assertThat(seeded.exit()).as(seeded.err()).isZero();
        tables = DataDirState.tables(data.resolve("cartographus.duckdb"));
        app = new AppProcess(data).withAdminToken().start();
        raw = new RawHttp(app.url("/").getPort());
        AppProcess.Response full = app.post("/api/v1/backup/create", T, Map.of("type", "full"));
        assertThat(full.status()).as(full.text()).isEqualTo(200);
        AppProcess.CliResult viewer = AppProcess.cli(app.env, "token", "create", "--role", "viewer", "--name", "hostile-viewer");
        assertThat(viewer.exit()).as(viewer.err()).isZero();
        String id = full.json().path("id").asText();
        fixture = new HostileCorpus.Fixture(T, viewer.out().strip(), id, app.get("/api/v1/backup/download/" + id, T).body());
        awaitVerification(full.json().path("id").asText());
        // A client that sends half a body and then nothing: runs alongside the corpus, checked last.
        stalledSince = System.nanoTime();
        stalled = slowClients.submit(() -> stall());
        for (int i = 0; i < 20; i++) {
            slowHeaders.add(dribbleHeaders());
        }
        files = DataDirState.hashes(data);
        outside = tmp;
        around = around();
        stats = app.get("/api/v1/stats", T).json();
        list = app.get("/api/v1/backup/list", T).json();
    }

    Stream<HostileCorpus.Case> corpus() throws IOException {
        return HostileCorpus.all(fixture).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @Order(1)
    void is_refused_with_a_clear_error_and_changes_nothing(HostileCorpus.Case c) throws Exception {
        RawHttp.Reply r = raw.send(c.request(), 20_000, c.endInput());
        String shown = r.text().replaceAll("\\s+", " ");
        System.out.printf("%-8s %-70s → %d %s%n", c.group(), c.name(), r.status(), shown.substring(0, Math.min(140, shown.length())));
        assertThat(r.status()).as(c + " → " + r.text()).isIn(c.expected());
        assertEnvelope(c.toString(), r);
        assertThat(DataDirState.hashes(data)).as(c + ": the data directory changed").isEqualTo(files);
        assertThat(around()).as(c + ": something was written next to the data directory").isEqualTo(around);
        for (String escaped : List.of("/tmp/cartographus-escaped-absolute", "/escaped-long-name", "/escaped", "/escaped-pax")) {
            assertThat(Path.of(escaped)).as(c.toString()).doesNotExist();
        }
        assertThat(app.get("/api/v1/stats", T).json()).as(c + ": the database changed").isEqualTo(stats);
        assertThat(app.get("/api/v1/backup/list", T).json()).as(c + ": the backups changed").isEqualTo(list);
    }

    @Test
    @Order(2)
    void corpus_has_at_least_a_hundred_cases() throws IOException {
        assertThat(HostileCorpus.all(fixture)).hasSizeGreaterThanOrEqualTo(100);
        System.out.println("hostile corpus: " + HostileCorpus.all(fixture).size() + " requests");
    }

    @Test
    @Order(3)
    void bodies_sent_at_one_byte_a_second_are_cut_off_and_the_server_keeps_serving() throws Exception {
        List<CompletableFuture<RawHttp.Reply>> clients = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < 30; i++) {
            clients.add(CompletableFuture.supplyAsync(this::oneBytePerSecond, slowClients));
        }
        Thread.sleep(500);
        assertThat(app.get("/api/v1/health/ready", null).status()).isEqualTo(200);
        assertThat(app.get("/api/v1/stats", T).status()).isEqualTo(200);
        for (CompletableFuture<RawHttp.Reply> c : clients) {
            RawHttp.Reply r = c.get(30, TimeUnit.SECONDS);
            assertThat(r.status()).as(r.text()).isEqualTo(408);
            assertEnvelope("1 byte/s", r);
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        System.out.println("30 clients sending 1 byte/s: all cut off with 408 within " + seconds + " s");
        assertThat(seconds).isLessThan(15);
        assertThat(DataDirState.hashes(data)).isEqualTo(files);
    }

    @Test
    @Order(4)
    void a_body_that_stops_arriving_is_dropped_after_the_idle_timeout() throws Exception {
        String outcome = stalled.get(60, TimeUnit.SECONDS);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stalledSince);
        System.out.println("a body that stopped arriving: " + outcome + " after " + seconds + " s");
        assertThat(outcome).startsWith("closed").contains("408").contains("REQUEST_TIMEOUT");
        assertThat(seconds).isLessThan(45);
        // Header-dribbling clients hold a socket, not a thread: everything above was served meanwhile.
        assertThat(app.get("/api/v1/health/ready", null).status()).isEqualTo(200);
    }

    @AfterAll
    void stopAndCompareTheDatabase() throws Exception {
        for (Socket s : slowHeaders) {
            s.close();
        }
        slowClients.shutdownNow();
        if (app == null) {
            return;
        }
        app.stop();
        Map<String, String> after = DataDirState.hashes(data);
        after.remove("server.json");
        Map<String, String> expected = new java.util.TreeMap<>(files);
        expected.remove("server.json");
        assertThat(after).isEqualTo(expected);
        assertThat(DataDirState.tables(data.resolve("cartographus.duckdb"))).as("rows and fingerprints of every table").isEqualTo(tables);
    }

    /** What sits next to the data directory (where an entry climbing out of BACKUP_DIR would land), but its log. */
    private List<String> around() throws IOException {
        try (Stream<Path> files = java.nio.file.Files.list(outside)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("data") && !n.equals("data-server.log")).sorted().toList();
        }
    }

    private void awaitVerification(String id) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (!app.get("/api/v1/backup/" + id, T).json().path("verification").path("status").asText().equals("pending")) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private static void assertEnvelope(String what, RawHttp.Reply r) throws IOException {
        assertThat(r.headers().getOrDefault("content-type", "")).as(what + ": content type").startsWith("application/json");
        JsonNode error = AppProcess.JSON.readTree(r.body()).path("error");
        assertThat(error.path("code").isTextual() && !error.path("code").asText().isBlank()).as(what + ": error.code in " + r.text()).isTrue();
        assertThat(error.path("message").isTextual() && !error.path("message").asText().isBlank())
                .as(what + ": error.message in " + r.text()).isTrue();
    }

    private RawHttp.Reply oneBytePerSecond() {
        byte[] body = ("[" + " ".repeat(998) + "]").getBytes(StandardCharsets.UTF_8);
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/sync HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer " + T
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            s.setSoTimeout(1000);
            for (byte b : body) {
                try {
                    out.write(b);
                    out.flush();
                } catch (IOException e) {
                    break; // the server closed its side
                }
                try {
                    int first = in.read();
                    if (first >= 0) {
                        return RawHttp.read(new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(new byte[]{(byte) first}), in));
                    }
                    break;
                } catch (java.net.SocketTimeoutException e) {
                    // no answer yet: next byte in a second
                }
            }
            s.setSoTimeout(5000);
            return RawHttp.read(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sends headers and 10 of 100 body bytes, then nothing; reports how the server ended it. */
    private String stall() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(("POST /api/v1/sync HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + T
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[         ").getBytes(StandardCharsets.UTF_8));
            s.setSoTimeout(55_000);
            byte[] reply = s.getInputStream().readAllBytes();
            String text = new String(reply, StandardCharsets.UTF_8);
            return "closed by the server" + (text.isEmpty() ? "" : " after answering " + text.lines().findFirst().orElse("")
                    + " " + text.substring(text.indexOf("\r\n\r\n") + 4));
        } catch (java.net.SocketTimeoutException e) {
            return "still open";
        }
    }

    private Socket dribbleHeaders() throws IOException {
        Socket s = connect();
        s.getOutputStream().write("GET /api/v1/stats HTTP/1.1\r\nHost: x\r\nX-Slow: a".getBytes(StandardCharsets.US_ASCII));
        slowClients.submit(() -> {
            try {
                while (!s.isClosed()) {
                    s.getOutputStream().write('a');
                    Thread.sleep(1000);
                }
            } catch (IOException | InterruptedException e) {
                // closed at the end of the test, or by the server
            }
            return null;
        });
        return s;
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", app.url("/").getPort()), 5000);
        return s;
    }
}
