package io.cartographus.offsite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.restore.RestoreOptions;
import io.cartographus.restore.RestoreResponse;
import io.cartographus.testing.TestEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Scenario 2 on the real engine: a fresh DATA_DIR is rebuilt from the bucket alone; damage in the bucket changes nothing here.
 * With BACKUP_DEDUP the chunks go up once, collections follow, and a fetch brings and checks only the chunks it needs.
 */
class OffsiteFetchTest {
    static S3ProxyServer s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        S3ProxyServer.useTestCredentials();
        s3 = S3ProxyServer.start().bucket("fetch");
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        S3ProxyServer.clearTestCredentials();
    }

    /** Two uploaded full backups (300 then 500 events) under {@code prefix}; returns them oldest first. */
    private List<BackupRecord> uploadTwo(String prefix) {
        TestEngine.Setup env = TestEngine.on(tmp.resolve("old-" + prefix)).with(s3.offsite("fetch", prefix));
        try (TestEngine e = env.start()) {
            e.seed(300);
            BackupRecord older = e.backup(BackupType.FULL);
            e.seed(200);
            BackupRecord newer = e.backup(BackupType.FULL);
            e.awaitOffsite(older.id(), "uploaded");
            e.awaitOffsite(newer.id(), "uploaded");
            return List.of(older, newer);
        }
    }

    private static RestoreOptions fresh() {
        return new RestoreOptions(false, false, true, null, null, false, true);
    }

    private static List<String> files(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void a_fresh_machine_restores_the_newest_backup_from_the_bucket_alone() {
        List<BackupRecord> two = uploadTwo("whole");
        TestEngine.Setup env = TestEngine.on(tmp.resolve("new")).with(s3.offsite("fetch", "whole")).with("BACKUP_VERIFY", "true");
        List<String> said = new ArrayList<>();
        try (TestEngine e = env.start()) {
            BackupRecord r = e.engine().offsite().fetch("latest", said::add);
            assertThat(r.id()).isEqualTo(two.get(1).id());
            Path dir = e.engine().catalog().files().dir();
            assertThat(dir.resolve(r.fileName())).exists();
            assertThat(e.engine().catalog().files().checksum(r.id())).exists();
            assertThat(e.engine().catalog().files().sidecar(r.id())).exists();
            assertThat(e.engine().catalog().get(r.id()).orElseThrow().checksum()).isEqualTo(two.get(1).checksum());
            assertThat(said).anyMatch(s -> s.startsWith("downloading s3://fetch/whole/" + r.fileName()));

            RestoreResponse restored = e.engine().restore().restore(r.id(), fresh());
            assertThat(restored.success()).as(restored.toString()).isTrue();
            assertThat(restored.recordsRestored()).isEqualTo(500);
            assertThat(e.engine().offsite().fetch("latest", said::add).id()).as("already here, not fetched twice").isEqualTo(r.id());
        }
    }

    @Test
    void a_damaged_copy_is_refused_before_anything_changes_locally() throws Exception {
        List<BackupRecord> two = uploadTwo("damaged");
        for (BackupRecord b : two) {
            String key = "damaged/" + b.fileName();
            byte[] bytes = s3.raw().getObjectAsBytes(r -> r.bucket("fetch").key(key)).asByteArray();
            bytes[bytes.length / 2] ^= 0x01; // same size, one bit off: only the checksum can tell
            s3.raw().putObject(r -> r.bucket("fetch").key(key), RequestBody.fromBytes(bytes));
        }
        Path data = tmp.resolve("new");
        TestEngine.Setup env = TestEngine.on(data).with(s3.offsite("fetch", "damaged")).with("BACKUP_VERIFY", "true");
        try (TestEngine e = env.start()) {
            long eventsBefore = e.engine().database().read(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM playback_events")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            List<String> before = files(e.engine().catalog().files().dir());
            assertThatThrownBy(() -> e.engine().offsite().fetch("latest", s -> { }))
                    .isInstanceOfSatisfying(BackupException.class, x -> {
                        assertThat(x.kind()).isEqualTo(ErrorKind.CORRUPT_ARCHIVE);
                        assertThat(x.getMessage()).contains(two.get(0).id()).contains(two.get(1).id()).contains("damaged");
                    });
            assertThatThrownBy(() -> e.engine().offsite().fetch(two.get(0).id(), s -> { }))
                    .isInstanceOfSatisfying(BackupException.class, x -> assertThat(x.kind()).isEqualTo(ErrorKind.CORRUPT_ARCHIVE));
            assertThat(files(e.engine().catalog().files().dir())).isEqualTo(before);
            assertThat(e.engine().catalog().all()).isEmpty();
            assertThat(eventsBefore).isZero();
        }
    }

    @Test
    void latest_falls_back_to_the_newest_copy_that_arrives_intact() {
        List<BackupRecord> two = uploadTwo("fallback");
        String key = "fallback/" + two.get(1).fileName();
        s3.raw().putObject(r -> r.bucket("fetch").key(key), RequestBody.fromBytes(new byte[(int) two.get(1).sizeBytes()]));
        TestEngine.Setup env = TestEngine.on(tmp.resolve("new")).with(s3.offsite("fetch", "fallback")).with("BACKUP_VERIFY", "true");
        List<String> said = new ArrayList<>();
        try (TestEngine e = env.start()) {
            BackupRecord r = e.engine().offsite().fetch("latest", said::add);
            assertThat(r.id()).isEqualTo(two.get(0).id());
            assertThat(said).anyMatch(s -> s.startsWith("skipping " + two.get(1).id()));
            assertThat(e.engine().catalog().all()).extracting(BackupRecord::id).containsExactly(two.get(0).id());
            assertThat(e.engine().restore().restore(r.id(), fresh()).recordsRestored()).isEqualTo(300);
        }
    }

    @Test
    void a_record_in_the_bucket_that_points_outside_backup_dir_is_refused() throws Exception {
        String id = "20200101-000000-full";
        s3.raw().putObject(r -> r.bucket("fetch").key("hostile/backup-" + id + ".tar.gz"), RequestBody.fromString("x"));
        s3.raw().putObject(r -> r.bucket("fetch").key("hostile/backup-" + id + ".sha256"), RequestBody.fromString("0".repeat(64)));
        String record = "{\"id\":\"" + id + "\",\"type\":\"full\",\"status\":\"completed\",\"file_name\":\"../../evil.tar.gz\","
                + "\"size_bytes\":1,\"checksum\":\"" + "0".repeat(64) + "\"}";
        s3.raw().putObject(r -> r.bucket("fetch").key("hostile/backup-" + id + ".json"), RequestBody.fromString(record, StandardCharsets.UTF_8));
        TestEngine.Setup env = TestEngine.on(tmp.resolve("new")).with(s3.offsite("fetch", "hostile")).with("BACKUP_VERIFY", "true");
        try (TestEngine e = env.start()) {
            assertThatThrownBy(() -> e.engine().offsite().fetch(id, s -> { }))
                    .isInstanceOfSatisfying(BackupException.class, x -> {
                        assertThat(x.kind()).isEqualTo(ErrorKind.CORRUPT_ARCHIVE);
                        assertThat(x.getMessage()).contains("../../evil.tar.gz");
                    });
            assertThat(tmp.resolve("evil.tar.gz")).doesNotExist();
            assertThat(e.engine().catalog().all()).isEmpty();
            assertThatThrownBy(() -> e.engine().offsite().fetch("20200101-000000-database", s -> { }))
                    .isInstanceOfSatisfying(BackupException.class, x -> assertThat(x.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        }
    }

    private Map<String, Long> objects(String prefix) {
        Map<String, Long> out = new TreeMap<>();
        for (S3Object o : s3.raw().listObjectsV2Paginator(r -> r.bucket("fetch").prefix(prefix + "/")).contents()) {
            out.put(o.key().substring(prefix.length() + 1), o.size());
        }
        return out;
    }

    private static Set<String> chunks(Map<String, Long> objects) {
        return objects.keySet().stream().map(RemoteChunks::chunkFile).filter(java.util.Objects::nonNull).collect(Collectors.toSet());
    }

    private TestEngine.Setup setup(String dir, String prefix) {
        return TestEngine.on(tmp.resolve(dir)).with(s3.offsite("fetch", prefix)).with("BACKUP_DEDUP", "true").with("BACKUP_VERIFY", "false");
    }

    @Test
    void chunks_go_up_once_collections_are_mirrored_and_a_fresh_machine_restores_from_the_bucket() {
        List<BackupRecord> made = new ArrayList<>();
        try (TestEngine e = setup("dedup-old", "flow").start()) {
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
            s3.raw().putObject(r -> r.bucket("fetch").key("flow/" + foreign), RequestBody.fromString(kept + "\n"));

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
            s3.raw().deleteObject(r -> r.bucket("fetch").key("flow/" + foreign));
            s3.raw().deleteObject(r -> r.bucket("fetch").key("flow/" + io.cartographus.chunks.ChunkStore.relative(stillNeeded.iterator().next())));
            SyncReport repaired = e.engine().offsite().sync(false, false);
            assertThat(repaired.uploaded()).containsExactly(made.get(1).id());
            assertThat(repaired.chunks().uploaded()).isEqualTo(1);
            assertThat(repaired.chunks().unreferenced()).isEqualTo(1);
        }
        try (TestEngine e = setup("dedup-new", "flow").start()) {
            List<String> said = new ArrayList<>();
            BackupRecord r = e.engine().offsite().fetch("latest", said::add);
            assertThat(r.id()).isEqualTo(made.get(1).id());
            assertThat(said).anyMatch(s -> s.startsWith("downloaded " + r.storage().chunks()) || s.contains("chunks backup " + r.id()));
            RestoreResponse restored = e.engine().restore().restore(r.id(), new RestoreOptions(false, false, true, null, null, false, true));
            assertThat(restored.success()).as(restored.toString()).isTrue();
            assertThat(restored.recordsRestored()).isEqualTo(3050);
        }
    }

    @Test
    void a_damaged_chunk_in_the_bucket_is_refused_and_the_archive_stays_out_of_backup_dir() {
        BackupRecord b;
        try (TestEngine e = setup("dmg-old", "dmg").start()) {
            e.seed(500);
            b = e.backup(BackupType.FULL);
            e.awaitOffsite(b.id(), "uploaded");
            String chunk = e.engine().backups().job().dedup().store().readRefs(b.id()).orElseThrow().iterator().next();
            String key = "dmg/" + io.cartographus.chunks.ChunkStore.relative(chunk);
            byte[] bytes = s3.raw().getObjectAsBytes(r -> r.bucket("fetch").key(key)).asByteArray();
            bytes[bytes.length / 2] ^= 0x10;
            s3.raw().putObject(r -> r.bucket("fetch").key(key), RequestBody.fromBytes(bytes));
        }
        try (TestEngine e = setup("dmg-new", "dmg").start()) {
            assertThatThrownBy(() -> e.engine().offsite().fetch(b.id(), s -> { }))
                    .isInstanceOfSatisfying(BackupException.class, x -> {
                        assertThat(x.kind()).isEqualTo(ErrorKind.CORRUPT_ARCHIVE);
                        assertThat(x.getMessage()).contains(b.id()).contains("damaged");
                    });
            assertThat(e.backupDir().resolve(b.fileName())).doesNotExist();
            assertThat(e.engine().catalog().get(b.id())).isEmpty();
        }
    }
}
