package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.offsite.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's copy commands on a BACKUP_DIR that is being written to: {@code aws s3 sync … --exclude
 * "*.tmp"} (Debian's awscli against S3Proxy) and {@code rsync -a}. Each copy is taken while files
 * are being written (an archive upload held open half-way, and a backup compressing at level 9);
 * then, on a new machine holding nothing but the copy, the server lists only complete backups and
 * restores the latest.
 */
class CopyBackupsIT {
    private static final String T = AppProcess.ADMIN;
    private static final int SEEDED = 150_000;

    @TempDir
    Path tmp;

    @BeforeAll
    static void toolsArePresent() {
        assertThat(AwsCli.AWS).as("Debian's awscli (apt-get install awscli)").isExecutable();
        assertThat(Path.of("/usr/bin/rsync")).as("rsync (apt-get install rsync)").isExecutable();
    }

    @Test
    void aws_s3_sync_skips_files_being_written_and_scenario_2_restores_the_latest_from_the_bucket() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start().bucket("my-backups")) {
            Map<String, String> env = AwsCli.env(s3, tmp);
            Path data = seeded("data");
            Path backups = data.resolve("backups");
            String latest;
            long expected;
            try (AppProcess app = new AppProcess(data).withAdminToken().set("BACKUP_COMPRESSION_LEVEL", "9").start()) {
                String first = create(app);
                sync(app, 10, SEEDED);
                expected = SEEDED + 10;
                try (HeldUpload held = HeldUpload.start(app, Files.readAllBytes(backups.resolve(fileName(app, first))))) {
                    awaitTemporary(backups, ".tmp-upload-");
                    latest = startBackup(app);
                    awaitTemporary(backups, ".tmp-backup-");
                    Sh.ok(tmp, env, "aws s3 sync " + backups + "/ s3://my-backups/cartographus/ --exclude \"*.tmp\" --storage-class STANDARD_IA");
                    assertThat(held.inProgress()).as("the upload was still being written during the sync").isTrue();
                    assertThat(keys(s3)).as("the bucket after a sync during writes").isNotEmpty()
                            .noneMatch(k -> k.contains(".tmp")).contains("cartographus/metadata.json");
                    assertThat(held.finish()).as("the held upload, a copy of an existing backup").isEqualTo(409);
                }
                awaitCompleted(app, latest);
                Sh.ok(tmp, env, "aws s3 sync " + backups + "/ s3://my-backups/cartographus/ --exclude \"*.tmp\" --storage-class STANDARD_IA");
                assertThat(keys(s3)).noneMatch(k -> k.contains(".tmp"))
                        .contains("cartographus/backup-" + latest + ".json", "cartographus/backup-" + latest + ".sha256",
                                "cartographus/" + fileName(app, latest));
            }

            // Scenario 2, a new machine with nothing but the bucket.
            Path fresh = tmp.resolve("fresh");
            Files.createDirectories(fresh.resolve("backups"));
            Sh.ok(tmp, env, "aws s3 sync s3://my-backups/cartographus " + fresh.resolve("backups") + "/");
            try (AppProcess app = new AppProcess(fresh).withAdminToken().set("BACKUP_DIR", fresh.resolve("backups").toString()).start()) {
                assertOnlyCompleteBackups(app, fresh.resolve("backups"));
                restoresLatest(app, latest, expected);
            }
        }
    }

    @Test
    void rsync_a_copy_taken_while_a_backup_is_written_lists_only_complete_backups_and_restores_the_latest() throws Exception {
        Path data = seeded("data");
        Path backups = data.resolve("backups");
        Path machine = tmp.resolve("machine2");
        Path copy = machine.resolve("backups");
        Files.createDirectories(machine);
        String previous;
        String writing;
        Sh.Result rsync;
        try (AppProcess app = new AppProcess(data).withAdminToken().set("BACKUP_COMPRESSION_LEVEL", "9")
                .set("BACKUP_VERIFY", "false").start()) {
            create(app);
            sync(app, 10, SEEDED);
            previous = create(app);
            sync(app, 10, SEEDED + 10);
            writing = startBackup(app);
            awaitTemporary(backups, ".tmp-backup-");
            rsync = Sh.run(tmp, Map.of(), "rsync -a " + backups + "/ " + copy + "/");
            awaitCompleted(app, writing);
        }
        // 24: a file vanished while rsync ran (the archive's temporary, renamed when it was complete).
        assertThat(rsync.exit()).as(rsync.err()).isIn(0, 24);
        try (Stream<Path> files = Files.list(copy)) {
            assertThat(rsync.exit() == 24 || files.anyMatch(p -> p.getFileName().toString().startsWith(".tmp-backup-")))
                    .as("the copy was taken while " + writing + " was being written").isTrue();
        }

        try (AppProcess app = new AppProcess(machine).withAdminToken().set("BACKUP_DIR", copy.toString()).start()) {
            List<String> completed = assertOnlyCompleteBackups(app, copy);
            assertThat(completed).contains(previous);
            // The one being written is in the copy only if it had finished before rsync reached it.
            boolean writtenCopied = completed.contains(writing);
            restoresLatest(app, writtenCopied ? writing : previous, writtenCopied ? SEEDED + 20 : SEEDED + 10);
        }
    }

    /** A data directory with a database of {@link #SEEDED} events: large enough that a level-9 backup takes a while. */
    private Path seeded(String name) throws Exception {
        Path data = tmp.resolve(name);
        AppProcess.CliResult seed = AppProcess.cli(Map.of("DATA_DIR", data.toString()), "demo", "seed", "--events", String.valueOf(SEEDED));
        assertThat(seed.exit()).as(seed.err()).isZero();
        return data;
    }

    private static List<String> keys(S3ProxyServer s3) {
        return s3.raw().listObjectsV2Paginator(r -> r.bucket("my-backups")).contents().stream().map(o -> o.key()).toList();
    }

    private static String create(AppProcess app) throws Exception {
        AppProcess.Response r = app.post("/api/v1/backup/create", T, Map.of("type", "full"));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().path("id").asText();
    }

    private static String startBackup(AppProcess app) throws Exception {
        AppProcess.Response r = app.post("/api/v1/backup/create?wait=false", T, Map.of("type", "full"));
        assertThat(r.status()).as(r.text()).isEqualTo(202);
        return r.json().path("id").asText();
    }

    private static void sync(AppProcess app, int n, int start) throws Exception {
        AppProcess.Response r = app.post("/api/v1/sync", T, Events.batch(n, start));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    private static String fileName(AppProcess app, String id) throws Exception {
        return app.get("/api/v1/backup/" + id, T).json().path("file_name").asText();
    }

    private static void awaitCompleted(AppProcess app, String id) {
        JsonNode r = Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> app.get("/api/v1/backup/" + id, T).json(), n -> !"in_progress".equals(n.path("status").asText()));
        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("completed");
    }

    private static void awaitTemporary(Path dir, String prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(dir)) {
                if (files.anyMatch(p -> p.getFileName().toString().startsWith(prefix))) {
                    return;
                }
            }
            Thread.sleep(2);
        }
        throw new AssertionError("no " + prefix + "… file appeared in " + dir);
    }

    /**
     * Every backup the copy lists as completed validates, and start-up left no temporary; returns their
     * ids. A backup copied while its test restore was pending is re-checked by the new server, whose
     * work directory is its own and not a leftover: the check waits for that to end.
     */
    private static List<String> assertOnlyCompleteBackups(AppProcess app, Path backups) throws Exception {
        Awaitility.await("no temporary left in " + backups).atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            try (Stream<Path> files = Files.list(backups)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp-"));
            }
        });
        JsonNode list = app.get("/api/v1/backup/list", T).json().path("backups");
        assertThat(list).isNotEmpty();
        List<String> completed = new ArrayList<>();
        for (JsonNode b : list) {
            String status = b.path("status").asText();
            assertThat(status).as(b.toString()).isNotEqualTo("in_progress");
            if ("completed".equals(status)) {
                String id = b.path("id").asText();
                JsonNode v = app.post("/api/v1/backup/validate/" + id, T, null).json();
                assertThat(v.path("valid").asBoolean()).as(id + ": " + v).isTrue();
                completed.add(id);
            }
        }
        return completed;
    }

    private static void restoresLatest(AppProcess app, String id, long playbacks) throws Exception {
        AppProcess.Response r = app.post("/api/v1/backup/restore/latest", T, null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().path("backup_id").asText()).isEqualTo(id);
        assertThat(app.get("/api/v1/health/ready", null).status()).isEqualTo(200);
        assertThat(app.get("/api/v1/stats", T).json().path("total_playbacks").asLong()).isEqualTo(playbacks);
    }

    /** An archive upload that sends its first half, then waits: a file being written in BACKUP_DIR until {@link #finish}. */
    private static final class HeldUpload implements AutoCloseable {
        private final CountDownLatch gate = new CountDownLatch(1);
        private final CompletableFuture<HttpResponse<String>> response;

        private HeldUpload(AppProcess app, byte[] archive) {
            HttpRequest req = HttpRequest.newBuilder(app.url("/api/v1/backup/upload")).timeout(Duration.ofMinutes(2))
                    .header("Authorization", "Bearer " + T).header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new GatedStream(archive, archive.length / 2, gate))).build();
            response = HttpClient.newHttpClient().sendAsync(req, HttpResponse.BodyHandlers.ofString());
        }

        static HeldUpload start(AppProcess app, byte[] archive) {
            return new HeldUpload(app, archive);
        }

        boolean inProgress() {
            return !response.isDone();
        }

        int finish() throws Exception {
            gate.countDown();
            return response.get(2, TimeUnit.MINUTES).statusCode();
        }

        @Override
        public void close() {
            gate.countDown();
        }
    }

    /** The bytes up to {@code held}, then nothing until the gate opens, then the rest. */
    private static final class GatedStream extends InputStream {
        private final byte[] body;
        private final int held;
        private final CountDownLatch gate;
        private int pos;

        GatedStream(byte[] body, int held, CountDownLatch gate) {
            this.body = body;
            this.held = held;
            this.gate = gate;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos == held) {
                try {
                    if (!gate.await(2, TimeUnit.MINUTES)) {
                        throw new IOException("the test never released the upload");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            if (pos == body.length) {
                return -1;
            }
            int n = Math.min(len, (pos < held ? held : body.length) - pos);
            System.arraycopy(body, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
