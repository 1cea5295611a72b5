package io.cartographus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real server ({@code cartographus serve}) as a child process on a free loopback port, as an
 * operator runs it, for timing the API. Its URL comes from DATA_DIR/server.json, which the server
 * writes once it listens.
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final URI base;
    private final String token;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServerProcess(Process process, Path log, URI base, String token) {
        this.process = process;
        this.log = log;
        this.base = base;
        this.token = token;
    }

    static ServerProcess start(ChildJvm jvm, Path dataDir, Path backupDir) throws IOException, InterruptedException {
        String token = "bench-" + Engines.generatedKey(32);
        Map<String, String> env = new HashMap<>();
        env.put("DATA_DIR", dataDir.toString());
        env.put("BACKUP_DIR", backupDir.toString());
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("HTTP_PORT", "0");
        env.put("BACKUP_SCHEDULE_ENABLED", "false");
        env.put("CARTOGRAPHUS_ADMIN_TOKEN", token);
        Files.createDirectories(dataDir);
        Path serverJson = dataDir.resolve("server.json");
        Files.deleteIfExists(serverJson);
        Path log = dataDir.resolveSibling("server.log");
        ProcessBuilder pb = jvm.builder(dataDir.getParent(), env, "serve");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the server exited with " + p.exitValue() + ": " + Files.readString(log, StandardCharsets.UTF_8));
            }
            if (Files.exists(serverJson)) {
                try {
                    JsonNode n = json.readTree(Files.readAllBytes(serverJson));
                    if (n.path("pid").asLong() == p.pid()) {
                        return new ServerProcess(p, log, URI.create(n.path("url").asText()), token);
                    }
                } catch (IOException e) {
                    // Being written; look again.
                }
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the server did not start within " + START_TIMEOUT.toSeconds() + " s");
    }

    /** GETs {@code path} {@code warmUp + samples} times; returns the times of the last {@code samples}. */
    Samples time(String path, int warmUp, int samples) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token).GET().build();
        Samples s = new Samples();
        for (int i = 0; i < warmUp + samples; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
            long took = System.nanoTime() - t0;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
            }
            if (i >= warmUp) {
                s.addNanos(took);
            }
        }
        return s;
    }

    /** SIGTERM, then up to a minute for the shutdown. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // The work directory is removed afterwards anyway.
        }
    }
}
