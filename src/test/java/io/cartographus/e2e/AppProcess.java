package io.cartographus.e2e;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real jar as a separate process on a random loopback port, for end-to-end tests. The port is
 * read from DATA_DIR/server.json, which the server writes once it listens.
 */
final class AppProcess implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = "adm-e2e-0123456789abcdef0123456789";

    final Path dataDir;
    final Path log;
    final Map<String, String> env = new HashMap<>();
    private boolean testHooks;
    private Process process;
    private URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AppProcess(Path dataDir) {
        this.dataDir = dataDir;
        this.log = dataDir.resolveSibling(dataDir.getFileName() + "-server.log");
        env.put("DATA_DIR", dataDir.toString());
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("HTTP_PORT", "0");
        env.put("BACKUP_SCHEDULE_ENABLED", "false");
    }

    static Path jar() {
        String p = System.getProperty("app.jar", "target/cartographus.jar");
        return Path.of(p).toAbsolutePath();
    }

    /**
     * The command that runs the jar with {@code args}, as every test starts it. The JVM flags come
     * from {@code it.jvm.flags} (the build sets {@code -XX:TieredStopAtLevel=1}): these JVMs live
     * for seconds, and C2's compiling doubled the CPU of each start (measured: 6.5 s of CPU to a
     * listening server, 3.4 s with C1 only) on a suite that starts a few hundred of them. They
     * change how fast code runs, never what it does. {@code -Dit.jvm.flags=} runs the plain JVM.
     */
    static List<String> javaJar(String... args) {
        List<String> cmd = new ArrayList<>(List.of("java"));
        cmd.addAll(jvmFlags());
        cmd.addAll(List.of("-jar", jar().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The flags of {@code it.jvm.flags}, then those of the class-data archive ({@link ClassArchive}). */
    static List<String> jvmFlags() {
        String flags = System.getProperty("it.jvm.flags", "").strip();
        List<String> out = new ArrayList<>(flags.isEmpty() ? List.of() : List.of(flags.split("\\s+")));
        out.addAll(ClassArchive.flags(jar(), List.copyOf(out)));
        return out;
    }

    AppProcess withAdminToken() {
        env.put("CARTOGRAPHUS_ADMIN_TOKEN", ADMIN);
        return this;
    }

    /**
     * Halts the server when a restore reaches {@code step}: the hook is inert unless the JVM also gets
     * the harness switch, which this adds (docs/design.md §6.9).
     */
    AppProcess crashAt(String step) {
        env.put("CARTOGRAPHUS_TEST_CRASH_AT", step);
        testHooks = true;
        return this;
    }

    AppProcess set(String k, String v) {
        env.put(k, v);
        return this;
    }

    AppProcess start() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx512m"));
        cmd.addAll(jvmFlags());
        if (testHooks) {
            cmd.add("-Dcartographus.test-hooks=true");
        }
        cmd.addAll(List.of("-jar", jar().toString(), "serve"));
        return startWith(cmd);
    }

    /** Starts {@code cmd}, a {@code serve} of the jar, with this process's environment, and waits until it listens. */
    AppProcess startWith(List<String> cmd) throws IOException, InterruptedException {
        Files.deleteIfExists(dataDir.resolve("server.json"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Path serverJson = dataDir.resolve("server.json");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + ":\n" + logText());
            }
            if (Files.exists(serverJson)) {
                try {
                    JsonNode n = JSON.readTree(Files.readAllBytes(serverJson));
                    if (n.path("pid").asLong() == process.pid()) {
                        base = URI.create(n.path("url").asText());
                        return this;
                    }
                } catch (IOException e) {
                    // Being written; try again.
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("server did not start within 60 s:\n" + logText());
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
        } catch (IOException e) {
            return e.toString();
        }
    }

    URI url(String path) {
        return base.resolve(path);
    }

    String baseUrl() {
        return base.toString();
    }

    record Response(int status, byte[] body, HttpResponse<byte[]> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
            }
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    Response call(String method, String path, String token, byte[] body, String contentType) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).timeout(Duration.ofMinutes(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (body != null && body.length > (1 << 20)) {
            // As curl does for large bodies: a server that refuses one (413) can say so before it is
            // sent, instead of closing the connection under a client still writing ("broken pipe").
            b.expectContinue(true);
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.body(), r);
    }

    Response get(String path, String token) throws IOException, InterruptedException {
        return call("GET", path, token, null, null);
    }

    Response post(String path, String token, Object json) throws IOException, InterruptedException {
        return call("POST", path, token, json == null ? null : JSON.writeValueAsBytes(json), "application/json");
    }

    /** Runs a CLI command with the same environment; returns exit code and output. */
    static CliResult cli(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = javaJar(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("CLI did not finish: " + cmd);
        }
        return new CliResult(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    record CliResult(int exit, String out, String err) {
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Waits for the process to end by itself (e.g. a test crash point halting it); returns its exit code. */
    int waitForExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("server still running after " + seconds + " s:\n" + logText());
        }
        return process.exitValue();
    }

    int exitCode() {
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
