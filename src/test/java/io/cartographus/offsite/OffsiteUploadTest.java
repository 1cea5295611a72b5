package io.cartographus.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.testing.TestEngine;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/** After each backup the real engine (DuckDB in a temporary directory) copies it to S3Proxy; deletions follow. */
class OffsiteUploadTest {
    static S3ProxyServer s3;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        S3ProxyServer.useTestCredentials();
        s3 = S3ProxyServer.start().bucket("uploads");
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        S3ProxyServer.clearTestCredentials();
    }

    private List<String> keys(String prefix) {
        return s3.raw().listObjectsV2(r -> r.bucket("uploads").prefix(prefix + "/")).contents().stream().map(S3Object::key).toList();
    }

    @Test
    void verified_backup_is_uploaded_with_its_sidecars_and_its_deletion_is_mirrored() throws Exception {
        TestEngine.Setup env = TestEngine.on(tmp.resolve("data")).with(s3.offsite("uploads", "verified")).with("BACKUP_VERIFY", "true");
        try (TestEngine e = env.start()) {
            e.seed(500);
            BackupRecord b = e.backup(BackupType.FULL);
            BackupRecord done = e.awaitOffsite(b.id(), "uploaded");

            assertThat(done.verification().status()).as("uploaded only after verification").isEqualTo("passed");
            assertThat(done.offsite().location()).isEqualTo("s3://uploads/verified/" + b.fileName());
            assertThat(done.offsite().at()).isNotNull();
            assertThat(keys("verified")).containsExactlyInAnyOrder("verified/" + b.fileName(),
                    "verified/backup-" + b.id() + ".sha256", "verified/backup-" + b.id() + ".json");
            byte[] archive = s3.raw().getObjectAsBytes(r -> r.bucket("uploads").key("verified/" + b.fileName())).asByteArray();
            assertThat(archive).isEqualTo(Files.readAllBytes(e.engine().catalog().files().archive(b.fileName())));
            String sha = s3.raw().getObjectAsBytes(r -> r.bucket("uploads").key("verified/backup-" + b.id() + ".sha256")).asUtf8String();
            assertThat(sha).isEqualTo(Files.readString(e.engine().catalog().files().checksum(b.id())));
            JsonNode remote = JSON.readTree(s3.raw().getObjectAsBytes(r -> r.bucket("uploads").key("verified/backup-" + b.id() + ".json"))
                    .asByteArray());
            assertThat(remote.path("offsite").path("status").asText()).isEqualTo("uploaded");
            assertThat(remote.path("verification").path("status").asText()).isEqualTo("passed");
            assertThat(e.engine().metrics().scrape()).contains("cartographus_offsite_upload_total{status=\"completed\"} 1.0");

            e.engine().backups().delete(b.id());
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> keys("verified").isEmpty());
            // The journal entry is settled just after the last remote delete returns, not with it.
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> !Files.exists(e.engine().catalog().files().dir().resolve(DeletionJournal.FILE)));
        }
    }

    @Test
    void without_verification_the_upload_follows_completion() {
        TestEngine.Setup env = TestEngine.on(tmp.resolve("data")).with(s3.offsite("uploads", "noverify"));
        try (TestEngine e = env.start()) {
            e.seed(100);
            BackupRecord b = e.backup(BackupType.DATABASE);
            e.awaitOffsite(b.id(), "uploaded");
            assertThat(keys("noverify")).hasSize(3);
        }
    }

    @Test
    void retention_deletions_are_mirrored() {
        TestEngine.Setup env = TestEngine.on(tmp.resolve("data")).with(s3.offsite("uploads", "retention")).with("BACKUP_RETENTION_MIN_COUNT", "1");
        env = env.with("BACKUP_RETENTION_MAX_COUNT", "1");
        try (TestEngine e = env.start()) {
            BackupRecord older = e.backup(BackupType.CONFIG);
            BackupRecord newer = e.backup(BackupType.CONFIG);
            e.awaitOffsite(older.id(), "uploaded");
            e.awaitOffsite(newer.id(), "uploaded");
            assertThat(keys("retention")).hasSize(6);

            e.engine().pruner().apply();
            assertThat(e.engine().catalog().contains(older.id())).isFalse();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> keys("retention").size() == 3);
            assertThat(keys("retention")).allMatch(k -> k.contains(newer.id()));
        }
    }

    @Test
    void failed_upload_is_recorded_counted_and_notified_and_the_local_backup_is_untouched() throws Exception {
        LinkedBlockingQueue<String> hooks = new LinkedBlockingQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", x -> {
            hooks.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        receiver.start();
        try {
            TestEngine.Setup env = TestEngine.on(tmp.resolve("data")).with(s3.offsite("no-such-bucket", "x")).with("BACKUP_VERIFY", "true").with("BACKUP_WEBHOOK_URL", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
            try (TestEngine e = env.start()) {
                e.seed(100);
                BackupRecord b = e.backup(BackupType.FULL);
                BackupRecord failed = e.awaitOffsite(b.id(), "failed");

                assertThat(failed.offsite().error()).contains("bucket 'no-such-bucket' does not exist");
                assertThat(failed.status().label()).isEqualTo("completed");
                assertThat(failed.verification().status()).isEqualTo("passed");
                Path archive = e.engine().catalog().files().archive(b.fileName());
                assertThat(archive).exists();
                assertThat(e.engine().verifier().validate(failed).valid()).isTrue();
                assertThat(e.engine().metrics().scrape()).contains("cartographus_offsite_upload_total{status=\"failed\"} 1.0");
                JsonNode hook = null;
                for (String body; (body = hooks.poll(20, TimeUnit.SECONDS)) != null; ) {
                    JsonNode n = JSON.readTree(body);
                    if (n.path("text").asText().contains("off-site")) {
                        hook = n;
                        break;
                    }
                }
                assertThat(hook).as("an off-site failure notification").isNotNull();
                assertThat(hook.path("event").asText()).isEqualTo("backup.failed");
                assertThat(hook.path("text").asText()).contains(b.id()).contains("safe locally").contains("does not exist");
                assertThat(hook.path("backup").path("id").asText()).isEqualTo(b.id());
            }
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void backup_that_failed_verification_is_not_uploaded() {
        TestEngine.Setup env = TestEngine.on(tmp.resolve("data")).with(s3.offsite("uploads", "unverified")).with("BACKUP_OFFSITE_URL", "");
        BackupRecord b;
        try (TestEngine e = env.start()) {
            b = e.backup(BackupType.CONFIG);
        }
        env = env.with(s3.offsite("uploads", "unverified"));
        try (TestEngine e = env.start()) {
            e.engine().offsite().backupReady(b.withVerification(new BackupRecord.Verification("failed", null, "table x does not match")));
            BackupRecord r = e.engine().catalog().get(b.id()).orElseThrow();
            assertThat(r.offsite().status()).isEqualTo("failed");
            assertThat(r.offsite().error()).contains("failed verification");
            assertThat(keys("unverified")).isEmpty();
        }
    }
}
