package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.notify.WebhookReceiver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BACKUP_DIR on a small tmpfs (mounted by the test; needs root, skipped with the reason elsewhere),
 * with the real jar: a backup refused up front for lack of space and one that runs out of space
 * mid-write (another program fills the disk once the space check has passed) both fail cleanly —
 * HTTP 507 with the error envelope, a failed record, the failure metric, a backup.failed webhook,
 * no partial file — while the service keeps serving; once space is freed the next backup succeeds.
 */
class DiskFullIT {
    private static final String T = AppProcess.ADMIN;
    private static final Pattern FAILED_METRIC =
            Pattern.compile("(?m)^cartographus_backup_total\\{[^}]*status=\"failed\"[^}]*} ([0-9.Ee+]+)$");

    @TempDir
    Path tmp;
    private Path mount;

    @BeforeEach
    void mountSmallFilesystem() throws Exception {
        mount = tmp.resolve("small");
        Files.createDirectories(mount);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=112m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        boolean ok = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        Assumptions.assumeTrue(ok, "mounting a tmpfs needs root (CAP_SYS_ADMIN); not available here: " + out.strip());
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void a_full_backup_disk_fails_the_backup_cleanly_keeps_the_service_up_and_the_next_backup_succeeds() throws Exception {
        Path data = tmp.resolve("data");
        Path backups = mount.resolve("backups");
        AppProcess.CliResult seeded = AppProcess.cli(Map.of("DATA_DIR", data.toString(), "BACKUP_DIR", backups.toString()),
                "demo", "seed", "--events", "150000");
        assertThat(seeded.exit()).as(seeded.err()).isZero();
        long dbSize = Files.size(data.resolve("cartographus.duckdb"));
        Path filler = mount.resolve("filler.bin");
        try (WebhookReceiver hook = new WebhookReceiver(WebhookReceiver.Reply.status(200));
             AppProcess app = new AppProcess(data).withAdminToken().set("BACKUP_DIR", backups.toString())
                     .set("BACKUP_WEBHOOK_URL", hook.url().toString()).set("BACKUP_COMPRESSION_LEVEL", "9").start()) {
            // 1. Too little room before starting: refused up front.
            fill(filler, Files.getFileStore(mount).getUsableSpace() - (dbSize + (64L << 20)) / 2);
            AppProcess.Response refused = app.post("/api/v1/backup/create", T, Map.of("type", "database"));
            assertFailedCleanly(app, hook, refused, "not enough free space", 1);

            // 2. Room at the check, then another program fills the disk while the archive is written.
            Files.delete(filler);
            CompletableFuture<AppProcess.Response> running = CompletableFuture.supplyAsync(() -> call(app));
            awaitTemporaryArchive(backups, running);
            fill(filler, Long.MAX_VALUE);
            AppProcess.Response midWrite = running.get(2, TimeUnit.MINUTES);
            assertFailedCleanly(app, hook, midWrite, "disk full", 2);

            // 3. Space freed: the next backup succeeds and validates.
            Files.delete(filler);
            AppProcess.Response ok = app.post("/api/v1/backup/create", T, Map.of("type", "database"));
            assertThat(ok.status()).as(ok.text()).isEqualTo(200);
            String id = ok.json().path("id").asText();
            JsonNode valid = app.post("/api/v1/backup/validate/" + id, T, null).json();
            assertThat(valid.path("valid").asBoolean()).as(valid.toString()).isTrue();
            assertThat(app.get("/api/v1/backup/list?status=failed", T).json().path("total").asInt()).isEqualTo(2);
        }
        try (AppProcess again = new AppProcess(data).withAdminToken().set("BACKUP_DIR", backups.toString()).start()) {
            assertThat(Consistency.check(data, backups).problems()).isEmpty();
            assertThat(again.get("/api/v1/backup/list?status=failed", T).json().path("total").asInt()).isEqualTo(2);
        }
    }

    private static void assertFailedCleanly(AppProcess app, WebhookReceiver hook, AppProcess.Response r, String reason, int failures)
            throws Exception {
        assertThat(r.status()).as(r.text()).isEqualTo(507);
        assertThat(r.json().path("error").path("code").asText()).isEqualTo("NO_SPACE");
        assertThat(r.json().path("error").path("message").asText()).contains(reason);
        JsonNode failed = app.get("/api/v1/backup/list?status=failed", T).json();
        assertThat(failed.path("total").asInt()).isEqualTo(failures);
        assertThat(failed.path("backups").path(0).path("error").asText()).contains(reason);
        assertThat(failedMetric(app)).isEqualTo(failures);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (webhooks(hook, "backup.failed") < failures && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(webhooks(hook, "backup.failed")).as("backup.failed webhooks").isEqualTo(failures);
        // The service keeps serving.
        assertThat(app.get("/api/v1/stats", T).status()).isEqualTo(200);
        assertThat(app.get("/api/v1/backup/list", T).status()).isEqualTo(200);
        assertThat(app.get("/api/v1/backup/status", T).status()).isEqualTo(200);
        assertThat(app.get("/api/v1/health/ready", null).status()).isEqualTo(200);
        try (Stream<Path> files = Files.list(app.dataDir.resolveSibling("small").resolve("backups"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.contains(".tar")).noneMatch(n -> n.startsWith(".tmp-"));
        }
    }

    private static long webhooks(WebhookReceiver hook, String event) {
        return hook.received().stream().filter(x -> x.body().contains("\"event\":\"" + event + "\"")).count();
    }

    private static int failedMetric(AppProcess app) throws Exception {
        Matcher m = FAILED_METRIC.matcher(app.get("/metrics", null).text());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return (int) sum;
    }

    /** Writes up to {@code bytes} into the file, stopping quietly when the filesystem is full. */
    private static void fill(Path file, long bytes) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (long written = 0; written < bytes; ) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), bytes - written));
                written += ch.write(chunk);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
    }

    /** The archive's temporary file appears once the free-space check has passed. */
    private static void awaitTemporaryArchive(Path backups, CompletableFuture<?> running) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !running.isDone()) {
            try (Stream<Path> files = Files.list(backups)) {
                if (files.anyMatch(p -> p.getFileName().toString().startsWith(".tmp-backup-"))) {
                    return;
                }
            }
            Thread.sleep(2);
        }
        throw new AssertionError("the backup never started writing its archive: " + (running.isDone() ? running.join() : "timeout"));
    }

    private static AppProcess.Response call(AppProcess app) {
        try {
            return app.post("/api/v1/backup/create", T, Map.of("type", "database"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
