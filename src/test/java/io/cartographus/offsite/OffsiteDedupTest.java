package io.cartographus.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.restore.RestoreOptions;
import io.cartographus.restore.RestoreResponse;
import io.cartographus.testing.TestEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/** BACKUP_DEDUP with off-site copies on the real engine and S3Proxy: chunks go up once, collections follow, a fresh machine fetches. */
class OffsiteDedupTest {
    static S3ProxyServer s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        S3ProxyServer.useTestCredentials();
        s3 = S3ProxyServer.start().bucket("dedup");
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        S3ProxyServer.clearTestCredentials();
    }

    private Map<String, Long> objects(String prefix) {
        Map<String, Long> out = new TreeMap<>();
        for (S3Object o : s3.raw().listObjectsV2Paginator(r -> r.bucket("dedup").prefix(prefix + "/")).contents()) {
            out.put(o.key().substring(prefix.length() + 1), o.size());
        }
        return out;
    }

    private static Set<String> chunks(Map<String, Long> objects) {
        return objects.keySet().stream().map(RemoteChunks::chunkFile).filter(java.util.Objects::nonNull).collect(Collectors.toSet());
    }

    private TestEngine.Setup setup(String dir, String prefix) {
        return TestEngine.on(tmp.resolve(dir)).with(s3.offsite("dedup", prefix)).with("BACKUP_DEDUP", "true").with("BACKUP_VERIFY", "false");
    }

    @Test
    void chunks_go_up_once_collections_are_mirrored_and_a_fresh_machine_restores_from_the_bucket() {
        List<BackupRecord> made = new ArrayList<>();
        try (TestEngine e = setup("old", "flow").start()) {
            e.seed(3000);
            made.add(e.backup(BackupType.FULL));
            e.awaitOffsite(made.get(0).id(), "uploaded");
            Map<String, Long> first = objects("flow");
            assertThat(chunks(first)).isEqualTo(e.engine().backups().job().dedup().store().readRefs(made.get(0).id()).orElseThrow());
            assertThat(first).containsKeys("backup-" + made.get(0).id() + ".json", "chunks/refs/" + made.get(0).id() + ".refs");

            e.seed(50);
            made.add(e.backup(BackupType.FULL));
            e.awaitOffsite(made.get(1).id(), "uploaded");
            Map<String, Long> second = objects("flow");
            Set<String> added = new java.util.HashSet<>(chunks(second));
            added.removeAll(chunks(first));
            Set<String> fresh = new java.util.HashSet<>(e.engine().backups().job().dedup().store().readRefs(made.get(1).id()).orElseThrow());
            fresh.removeAll(e.engine().backups().job().dedup().store().readRefs(made.get(0).id()).orElseThrow());
            assertThat(added).as("the second backup sent only its new chunks").isEqualTo(fresh).isNotEmpty();

            // A chunk only a backup in the bucket needs (one this machine never had) survives the mirrored collection.
            String foreign = "chunks/refs/20200101-000000-full.refs";
            Set<String> secondNeeds = e.engine().backups().job().dedup().store().readRefs(made.get(1).id()).orElseThrow();
            String kept = chunks(first).stream().filter(c -> !secondNeeds.contains(c)).findFirst().orElseThrow();
            s3.raw().putObject(r -> r.bucket("dedup").key("flow/" + foreign), RequestBody.fromString(kept + "\n"));

            e.engine().backups().delete(made.get(0).id());
            Set<String> stillNeeded = e.engine().backups().job().dedup().store().readRefs(made.get(1).id()).orElseThrow();
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Map<String, Long> now = objects("flow");
                Set<String> expected = new java.util.HashSet<>(stillNeeded);
                expected.add(kept);
                assertThat(chunks(now)).isEqualTo(expected);
                assertThat(now).doesNotContainKeys("backup-" + made.get(0).id() + ".json", "chunks/refs/" + made.get(0).id() + ".refs");
            });
            assertThat(e.backupDir().resolve(DeletionJournal.CHUNKS_FILE)).doesNotExist();

            SyncReport sync = e.engine().offsite().sync(false, false);
            assertThat(sync.inSync()).contains(made.get(1).id());
            assertThat(sync.chunks().uploaded()).isZero();
            assertThat(sync.chunks().unreferenced()).isZero();
            s3.raw().deleteObject(r -> r.bucket("dedup").key("flow/" + foreign));
            s3.raw().deleteObject(r -> r.bucket("dedup").key("flow/" + io.cartographus.chunks.ChunkStore.relative(stillNeeded.iterator().next())));
            SyncReport repaired = e.engine().offsite().sync(false, false);
            assertThat(repaired.uploaded()).containsExactly(made.get(1).id());
            assertThat(repaired.chunks().uploaded()).isEqualTo(1);
            assertThat(repaired.chunks().unreferenced()).isEqualTo(1);
        }
        try (TestEngine e = setup("new", "flow").start()) {
            List<String> said = new ArrayList<>();
            BackupRecord r = e.engine().offsite().fetch("latest", said::add);
            assertThat(r.id()).isEqualTo(made.get(1).id());
            assertThat(said).anyMatch(s -> s.startsWith("downloaded " + r.storage().chunks()) || s.contains("chunks backup " + r.id()));
            RestoreResponse restored = e.engine().restore().restore(r.id(), new RestoreOptions(false, false, true, null, null, false, true));
            assertThat(restored.success()).as(restored.toString()).isTrue();
            assertThat(restored.recordsRestored()).isEqualTo(3050);
        }
    }
}
