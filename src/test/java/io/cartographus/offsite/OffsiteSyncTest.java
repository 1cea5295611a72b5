package io.cartographus.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.engine.Engine;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/** `backup offsite sync` on the real engine: uploads what is missing, finishes deletions made here, keeps what it never had. */
class OffsiteSyncTest {
    static S3ProxyServer s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        TestEngines.useTestCredentials();
        s3 = S3ProxyServer.start().bucket("sync");
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        TestEngines.clearTestCredentials();
    }

    private List<String> keys(String prefix) {
        return s3.raw().listObjectsV2(r -> r.bucket("sync").prefix(prefix + "/")).contents().stream().map(S3Object::key).toList();
    }

    private void putRaw(String key, String content) {
        s3.raw().putObject(r -> r.bucket("sync").key(key), RequestBody.fromString(content));
    }

    @Test
    void uploads_what_the_bucket_lacks_after_a_dry_run_that_changes_nothing() {
        Map<String, String> env = TestEngines.env(tmp.resolve("data"));
        env.put("BACKUP_VERIFY", "false");
        BackupRecord a;
        BackupRecord b;
        try (Engine e = TestEngines.open(env)) {
            TestEngines.seed(e, 50);
            a = TestEngines.backup(e, BackupType.FULL);
            b = TestEngines.backup(e, BackupType.CONFIG);
        }
        TestEngines.offsite(env, s3, "sync", "missing");
        try (Engine e = TestEngines.open(env)) {
            SyncReport dry = e.offsite().sync(true, false);
            assertThat(dry.dryRun()).isTrue();
            assertThat(dry.uploaded()).containsExactlyInAnyOrder(a.id(), b.id());
            assertThat(keys("missing")).isEmpty();
            assertThat(e.catalog().get(a.id()).orElseThrow().offsite()).isNull();

            SyncReport real = e.offsite().sync(false, false);
            assertThat(real.uploaded()).containsExactlyInAnyOrder(a.id(), b.id());
            assertThat(real.ok()).isTrue();
            assertThat(keys("missing")).hasSize(6);
            assertThat(e.catalog().get(a.id()).orElseThrow().offsite().status()).isEqualTo("uploaded");

            SyncReport again = e.offsite().sync(false, false);
            assertThat(again.uploaded()).isEmpty();
            assertThat(again.inSync()).containsExactlyInAnyOrder(a.id(), b.id());
        }
    }

    @Test
    void finishes_deletions_that_could_not_be_mirrored_and_keeps_backups_it_never_had_unless_mirroring() {
        Map<String, String> env = TestEngines.offsite(TestEngines.env(tmp.resolve("data")), s3, "sync", "journal");
        env.put("BACKUP_VERIFY", "false");
        BackupRecord keep;
        BackupRecord gone;
        try (Engine e = TestEngines.open(env)) {
            keep = TestEngines.backup(e, BackupType.CONFIG);
            gone = TestEngines.backup(e, BackupType.CONFIG);
            TestEngines.awaitOffsite(e, keep.id(), "uploaded");
            TestEngines.awaitOffsite(e, gone.id(), "uploaded");
        }
        // Deleted while the bucket refuses us (credentials rotated, say): the deletion waits in the journal.
        System.setProperty("aws.secretAccessKey", "rotated-away");
        try (Engine e = TestEngines.open(env)) {
            e.backups().delete(gone.id());
        } finally {
            TestEngines.useTestCredentials();
        }
        assertThat(keys("journal")).hasSize(6);
        assertThat(tmp.resolve("data/backups").resolve(DeletionJournal.FILE)).exists();
        // A backup this catalog never had, and an unfinished upload of another.
        putRaw("journal/backup-20200101-000000-full.json", "{}");
        putRaw("journal/backup-20200101-000000-full.sha256", "x");
        putRaw("journal/backup-20200101-000000-full.tar.gz", "x");
        putRaw("journal/backup-20200102-000000-full.tar.gz", "x");

        try (Engine e = TestEngines.open(env)) {
            SyncReport dry = e.offsite().sync(true, false);
            assertThat(dry.deleted()).containsExactlyInAnyOrder(gone.id(), "20200102-000000-full");
            assertThat(dry.onlyOffsite()).containsExactly("20200101-000000-full");

            SyncReport r = e.offsite().sync(false, false);
            assertThat(r.deleted()).containsExactlyInAnyOrder(gone.id(), "20200102-000000-full");
            assertThat(r.inSync()).containsExactly(keep.id());
            assertThat(r.note()).contains("--mirror");
            assertThat(keys("journal")).hasSize(6).anyMatch(k -> k.contains("20200101-000000-full")).noneMatch(k -> k.contains(gone.id()));
            assertThat(e.catalog().files().dir().resolve(DeletionJournal.FILE)).doesNotExist();

            SyncReport mirror = e.offsite().sync(false, true);
            assertThat(mirror.deleted()).containsExactly("20200101-000000-full");
            assertThat(keys("journal")).hasSize(3).allMatch(k -> k.contains(keep.id()));
        }
    }

    @Test
    void a_fresh_catalog_never_deletes_in_the_bucket_even_when_mirroring() {
        Map<String, String> env = TestEngines.offsite(TestEngines.env(tmp.resolve("old")), s3, "sync", "fresh");
        env.put("BACKUP_VERIFY", "false");
        BackupRecord b;
        try (Engine e = TestEngines.open(env)) {
            b = TestEngines.backup(e, BackupType.CONFIG);
            TestEngines.awaitOffsite(e, b.id(), "uploaded");
        }
        Map<String, String> fresh = TestEngines.offsite(TestEngines.env(tmp.resolve("new")), s3, "sync", "fresh");
        try (Engine e = TestEngines.open(fresh)) {
            SyncReport r = e.offsite().sync(false, true);
            assertThat(r.deleted()).isEmpty();
            assertThat(r.onlyOffsite()).containsExactly(b.id());
            assertThat(r.note()).contains("fresh machine").contains("--from-offsite");
            assertThat(keys("fresh")).hasSize(3);
            assertThat(e.offsite().remote()).singleElement().satisfies(x -> {
                assertThat(x.id()).isEqualTo(b.id());
                assertThat(x.complete()).isTrue();
            });
        }
    }
}
