package io.cartographus.offsite;

import io.cartographus.engine.Engine;
import io.cartographus.Main;
import io.cartographus.backup.BackupRequest;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Trigger;
import io.cartographus.config.ConfigLoader;
import io.cartographus.host.DemoData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The real engine, built by Main from an environment, on a DATA_DIR in a test's temporary directory.
 * Credentials reach the AWS SDK's default chain as the system properties it reads first
 * ({@code aws.accessKeyId}): the same chain production uses, without touching the process environment.
 */
final class TestEngines {
    private TestEngines() {
    }

    static void useTestCredentials() {
        System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
    }

    static void clearTestCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    static Map<String, String> env(Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("DATA_DIR", dataDir.toString());
        env.put("BACKUP_SCHEDULE_ENABLED", "false");
        return env;
    }

    static Map<String, String> offsite(Map<String, String> env, S3ProxyServer s3, String bucket, String prefix) {
        env.put("BACKUP_OFFSITE_URL", "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix));
        env.put("BACKUP_OFFSITE_ENDPOINT", s3.endpoint().toString());
        env.put("BACKUP_OFFSITE_PATH_STYLE", "true");
        return env;
    }

    static Engine open(Map<String, String> env) {
        Path dataDir = Path.of(env.get("DATA_DIR"));
        Engine e = new Main().engine(ConfigLoader.load(env, dataDir.getParent()));
        e.database().open();
        return e;
    }

    static void seed(Engine e, long events) {
        new DemoData(e.database()).seed(events, 7);
    }

    static BackupRecord backup(Engine e, BackupType type) {
        return e.backups().create(new BackupRequest(type, Trigger.MANUAL, "offsite test"));
    }

    /** Waits until the backup's off-site state is {@code status} and returns the record. */
    static BackupRecord awaitOffsite(Engine e, String id, String status) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> e.catalog().get(id).orElseThrow(),
                        r -> r.offsite() != null && status.equals(r.offsite().status()));
    }
}
