package io.cartographus.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.testing.TestEngine;
import java.nio.file.Path;
import java.util.List;
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
        S3ProxyServer.useTestCredentials();
        s3 = S3ProxyServer.start().bucket("sync");
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        S3ProxyServer.clearTestCredentials();
    }

    private List<String> keys(String prefix) {
        return s3.raw().listObjectsV2(r -> r.bucket("sync").prefix(prefix + "/")).contents().stream().map(S3Object::key).toList();
    }

    private void putRaw(String key, String content) {
        s3.raw().putObject(r -> r.bucket("sync").key(key), RequestBody.fromString(content));
    }

    @Test
    void uploads_what_the_bucket_lacks_after_a_dry_run_that_changes_nothing() {
        TestEngine.Setup env = TestEngine.on(tmp.resolve("data"));
        BackupRecord a;
        BackupRecord b;
        try (TestEngine e = env.start()) {
            e.seed(50);
            a = e.backup(BackupType.FULL);
            b = e.backup(BackupType.CONFIG);
        }
        env = env.with(s3.offsite("sync", "missing"));
        try (TestEngine e = env.start()) {
            SyncReport dry = e.engine().offsite().sync(true, false);
            assertThat(dry.dryRun()).isTrue();
            assertThat(dry.uploaded()).containsExactlyInAnyOrder(a.id(), b.id());
            assertThat(keys("missing")).isEmpty();
            assertThat(e.engine().catalog().get(a.id()).orElseThrow().offsite()).isNull();

            SyncReport real = e.engine().offsite().sync(false, false);
            assertThat(real.uploaded()).containsExactlyInAnyOrder(a.id(), b.id());
            assertThat(real.ok()).isTrue();
            assertThat(keys("missing")).hasSize(6);
            assertThat(e.engine().catalog().get(a.id()).orElseThrow().offsite().status()).isEqualTo("uploaded");

            SyncReport again = e.engine().offsite().sync(false, false);
            assertThat(again.uploaded()).isEmpty();
            assertThat(again.inSync()).containsExactlyInAnyOrder(a.id(), b.id());
        }
    }

    @Test
    void finishes_deletions_that_could_not_be_mirrored_and_keeps_backups_it_never_had_unless_mirroring() {
        TestEngine.Setup env = TestEngine.on(tmp.resolve("data")).with(s3.offsite("sync", "journal"));
        BackupRecord keep;
        BackupRecord gone;
        try (TestEngine e = env.start()) {
            keep = e.backup(BackupType.CONFIG);
            gone = e.backup(BackupType.CONFIG);
            e.awaitOffsite(keep.id(), "uploaded");
            e.awaitOffsite(gone.id(), "uploaded");
        }
        // Deleted while the bucket refuses us (credentials rotated, say): the deletion waits in the journal.
        System.setProperty("aws.secretAccessKey", "rotated-away");
        try (TestEngine e = env.start()) {
            e.engine().backups().delete(gone.id());
        } finally {
            S3ProxyServer.useTestCredentials();
        }
        assertThat(keys("journal")).hasSize(6);
        assertThat(tmp.resolve("data/backups").resolve(DeletionJournal.FILE)).exists();
        // A backup this catalog never had, and an unfinished upload of another.
        putRaw("journal/backup-20200101-000000-full.json", "{}");
        putRaw("journal/backup-20200101-000000-full.sha256", "x");
        putRaw("journal/backup-20200101-000000-full.tar.gz", "x");
        putRaw("journal/backup-20200102-000000-full.tar.gz", "x");

        try (TestEngine e = env.start()) {
            SyncReport dry = e.engine().offsite().sync(true, false);
            assertThat(dry.deleted()).containsExactlyInAnyOrder(gone.id(), "20200102-000000-full");
            assertThat(dry.onlyOffsite()).containsExactly("20200101-000000-full");

            SyncReport r = e.engine().offsite().sync(false, false);
            assertThat(r.deleted()).containsExactlyInAnyOrder(gone.id(), "20200102-000000-full");
            assertThat(r.inSync()).containsExactly(keep.id());
            assertThat(r.note()).contains("--mirror");
            assertThat(keys("journal")).hasSize(6).anyMatch(k -> k.contains("20200101-000000-full")).noneMatch(k -> k.contains(gone.id()));
            assertThat(e.engine().catalog().files().dir().resolve(DeletionJournal.FILE)).doesNotExist();

            SyncReport mirror = e.engine().offsite().sync(false, true);
            assertThat(mirror.deleted()).containsExactly("20200101-000000-full");
            assertThat(keys("journal")).hasSize(3).allMatch(k -> k.contains(keep.id()));
        }
    }

    @Test
    void a_fresh_catalog_never_deletes_in_the_bucket_even_when_mirroring() {
        TestEngine.Setup env = TestEngine.on(tmp.resolve("old")).with(s3.offsite("sync", "fresh"));
        BackupRecord b;
        try (TestEngine e = env.start()) {
            b = e.backup(BackupType.CONFIG);
            e.awaitOffsite(b.id(), "uploaded");
        }
        TestEngine.Setup fresh = TestEngine.on(tmp.resolve("new")).with(s3.offsite("sync", "fresh")).with("BACKUP_VERIFY", "true");
        try (TestEngine e = fresh.start()) {
            SyncReport r = e.engine().offsite().sync(false, true);
            assertThat(r.deleted()).isEmpty();
            assertThat(r.onlyOffsite()).containsExactly(b.id());
            assertThat(r.note()).contains("fresh machine").contains("--from-offsite");
            assertThat(keys("fresh")).hasSize(3);
            assertThat(e.engine().offsite().remote()).singleElement().satisfies(x -> {
                assertThat(x.id()).isEqualTo(b.id());
                assertThat(x.complete()).isTrue();
            });
        }
    }
}
