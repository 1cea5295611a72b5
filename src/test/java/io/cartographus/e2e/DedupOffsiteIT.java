package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.fs.TempFiles;
import io.cartographus.offsite.S3ProxyServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * BACKUP_DEDUP together with BACKUP_OFFSITE_URL, with the real jar and S3Proxy on loopback: each
 * backup sends only the chunks the bucket lacks and then its own files; a deletion and the
 * collection after it are mirrored (chunks a remaining backup needs stay); a fresh machine restores
 * {@code latest --from-offsite}; and {@code aws s3 sync} of the prefix into an empty BACKUP_DIR gives
 * a store the server restores from (the guide's scenario 2).
 */
class DedupOffsiteIT {
    private static final String T = AppProcess.ADMIN;
    private static final String BUCKET = "dr-backups";
    private static final String PREFIX = "cartographus";

    @TempDir
    Path tmp;

    @BeforeAll
    static void awsIsPresent() {
        assertThat(AwsCli.AWS).as("Debian's awscli (apt-get install awscli)").isExecutable();
    }

    private static Map<String, String> offsiteEnv(S3ProxyServer s3, Path dataDir) {
        Map<String, String> env = OffsiteIT.offsiteEnv(s3, dataDir);
        env.put("BACKUP_DEDUP", "true");
        env.put("BACKUP_COMPRESSION_ALGORITHM", "zstd");
        return env;
    }

    /** The bucket under the prefix: name → size. */
    private static Map<String, Long> bucket(S3ProxyServer s3) {
        Map<String, Long> out = new TreeMap<>();
        for (S3Object o : s3.raw().listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(PREFIX + "/")).contents()) {
            out.put(o.key().substring(PREFIX.length() + 1), o.size());
        }
        return out;
    }

    private static Map<String, Long> chunkObjects(Map<String, Long> bucket) {
        Map<String, Long> out = new TreeMap<>();
        bucket.forEach((name, size) -> {
            if (name.matches("chunks/[0-9a-f]{2}/[0-9a-f]{64}(\\.zst|\\.gz|\\.enc)?")) {
                out.put(name.substring(name.lastIndexOf('/') + 1), size);
            }
        });
        return out;
    }

    private static Set<String> refs(Path backupDir, String id) throws IOException {
        Set<String> out = new TreeSet<>();
        for (String line : Files.readAllLines(backupDir.resolve("chunks/refs/" + id + ".refs"), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(line.strip());
            }
        }
        return out;
    }

    private static Set<String> localChunks(Path store) throws IOException {
        try (Stream<Path> s = Files.walk(store)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{64}(\\.zst|\\.gz|\\.enc)?"))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static String backup(AppProcess app) throws Exception {
        AppProcess.Response r = app.post("/api/v1/backup/create", T, Map.of("type", "full"));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().path("storage").path("method").asText()).as(r.text()).isEqualTo("dedup");
        String id = r.json().path("id").asText();
        JsonNode uploaded = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> app.get("/api/v1/backup/" + id, T).json(), j -> "uploaded".equals(j.path("offsite").path("status").asText())
                        || "failed".equals(j.path("offsite").path("status").asText()));
        assertThat(uploaded.path("offsite").path("status").asText()).as(uploaded.toString()).isEqualTo("uploaded");
        assertThat(uploaded.path("verification").path("status").asText()).as("uploaded after its verification").isEqualTo("passed");
        return id;
    }

    @Test
    void deduplicated_backups_go_off_site_chunk_by_chunk_and_a_fresh_machine_restores_from_the_bucket_alone() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start().bucket(BUCKET)) {
            Path data = tmp.resolve("data");
            Path bdir = data.resolve("backups");
            List<String> ids = new ArrayList<>();
            List<Map<String, Long>> after = new ArrayList<>();
            long selfContained;
            long expectedPlaybacks = 0;
            try (AppProcess app = new AppProcess(data).withAdminToken()) {
                app.env.putAll(offsiteEnv(s3, data));
                app.start();
                // A large first day, then small ones: what dedup is for.
                int[] batches = {100_000, 200, 200};
                for (int n : batches) {
                    assertThat(app.post("/api/v1/sync", T, Events.batch(n, (int) expectedPlaybacks)).status()).isEqualTo(200);
                    expectedPlaybacks += n;
                    ids.add(backup(app));
                    after.add(bucket(s3));
                }
                AppProcess.Response dl = app.get("/api/v1/backup/download/" + ids.get(1), T);
                assertThat(dl.status()).as(dl.text()).isEqualTo(200);
                selfContained = dl.body().length;

                // Every backup is complete in the bucket: its files, its reference list and every chunk it names.
                Map<String, Long> now = after.get(2);
                for (String id : ids) {
                    assertThat(now).containsKeys("backup-" + id + ".tar.zst", "backup-" + id + ".sha256", "backup-" + id + ".json",
                            "chunks/refs/" + id + ".refs");
                    assertThat(chunkObjects(now).keySet()).containsAll(refs(bdir, id));
                }
                assertThat(chunkObjects(now).keySet()).isEqualTo(localChunks(bdir.resolve("chunks")));

                // The second backup sent exactly the chunks the first did not have, and little else.
                Set<String> newChunks = new TreeSet<>(refs(bdir, ids.get(1)));
                newChunks.removeAll(refs(bdir, ids.get(0)));
                Map<String, Long> added = new TreeMap<>(after.get(1));
                after.get(0).keySet().forEach(added::remove);
                Map<String, Long> addedChunks = chunkObjects(added);
                assertThat(addedChunks.keySet()).as("chunks the second backup uploaded").isEqualTo(newChunks);
                long chunkBytes = addedChunks.values().stream().mapToLong(Long::longValue).sum();
                long addedBytes = added.values().stream().mapToLong(Long::longValue).sum();
                long firstBytes = after.get(0).values().stream().mapToLong(Long::longValue).sum();
                System.out.printf("dedup off-site: first backup put %d bytes in the bucket (%d chunks); the second added %d objects, "
                                + "%d bytes (%d new chunks, %d bytes of them); a self-contained archive of it is %d bytes%n",
                        firstBytes, chunkObjects(after.get(0)).size(), added.size(), addedBytes, addedChunks.size(), chunkBytes,
                        selfContained);
                assertThat(added.size()).as(added.toString()).isEqualTo(addedChunks.size() + 4); // refs, archive, .sha256, .json
                assertThat(addedBytes).as("a day's upload against a plain archive").isLessThan(selfContained / 3);

                // Delete the first: its files and the chunks only it used go from the bucket, the others' stay.
                String gone = ids.remove(0);
                Set<String> onlyGone = new TreeSet<>(refs(bdir, gone));
                Set<String> stillNeeded = new TreeSet<>();
                for (String id : ids) {
                    stillNeeded.addAll(refs(bdir, id));
                }
                onlyGone.removeAll(stillNeeded);
                assertThat(onlyGone).as("the first backup had chunks of its own").isNotEmpty();
                AppProcess.Response d = app.call("DELETE", "/api/v1/backup/" + gone, T, null, null);
                assertThat(d.status()).as(d.text()).isEqualTo(200);
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    Map<String, Long> b = bucket(s3);
                    assertThat(b).doesNotContainKeys("backup-" + gone + ".json", "backup-" + gone + ".tar.zst", "backup-" + gone + ".sha256",
                            "chunks/refs/" + gone + ".refs");
                    assertThat(chunkObjects(b).keySet()).as("remote chunks after the mirrored collection").isEqualTo(stillNeeded);
                });
                assertThat(localChunks(bdir.resolve("chunks"))).isEqualTo(stillNeeded);
            }
            String latest = ids.get(ids.size() - 1);

            // A new machine with nothing but the bucket: the CLI fetches the newest backup and only its chunks.
            Path fresh = tmp.resolve("fresh");
            Map<String, String> env = offsiteEnv(s3, fresh);
            AppProcess.CliResult restored = AppProcess.cli(env, "backup", "restore", "latest", "--from-offsite");
            assertThat(restored.exit()).as(restored.out() + restored.err()).isZero();
            assertThat(restored.out()).contains("restored " + latest).contains("records_restored=" + expectedPlaybacks);
            Path freshStore = fresh.resolve("backups/chunks");
            assertThat(localChunks(freshStore)).as("only the chunks the chosen backup needs").isEqualTo(refs(bdir, latest));
            assertThat(refs(fresh.resolve("backups"), latest)).isEqualTo(refs(bdir, latest));
            AppProcess.CliResult sync = AppProcess.cli(env, "backup", "offsite", "sync", "--dry-run");
            assertThat(sync.exit()).as(sync.err()).isZero();
            assertThat(sync.out()).contains("would upload: nothing").contains("would delete: nothing")
                    .contains("0 in the bucket that no backup references");
            try (AppProcess app = new AppProcess(fresh).withAdminToken()) {
                app.env.putAll(env);
                app.start();
                assertThat(app.get("/api/v1/stats", T).json().path("total_playbacks").asLong()).isEqualTo(expectedPlaybacks);
            }

            // Scenario 2 with the guide's command: aws s3 sync of the prefix into an empty BACKUP_DIR, start, restore/latest.
            Path synced = tmp.resolve("synced");
            Files.createDirectories(synced.resolve("backups"));
            Map<String, String> awsEnv = AwsCli.env(s3, tmp);
            Sh.ok(tmp, awsEnv, "aws s3 sync s3://" + BUCKET + "/" + PREFIX + " " + synced.resolve("backups") + "/");
            assertThat(localChunks(synced.resolve("backups/chunks"))).isEqualTo(localChunks(bdir.resolve("chunks")));
            try (AppProcess app = new AppProcess(synced).withAdminToken().set("BACKUP_DIR", synced.resolve("backups").toString()).start()) {
                AppProcess.Response r = app.post("/api/v1/backup/restore/latest", T, null);
                assertThat(r.status()).as(r.text()).isEqualTo(200);
                assertThat(r.json().path("backup_id").asText()).isEqualTo(latest);
                assertThat(app.get("/api/v1/stats", T).json().path("total_playbacks").asLong()).isEqualTo(expectedPlaybacks);
                for (String id : ids) {
                    JsonNode v = app.post("/api/v1/backup/validate/" + id, T, null).json();
                    assertThat(v.path("valid").asBoolean()).as(id + ": " + v).isTrue();
                }
            }
            TempFiles.deleteRecursively(data);
        }
    }

    @Test
    void with_encryption_the_bucket_holds_no_synced_value_and_a_fresh_machine_needs_the_key_to_restore() throws Exception {
        String key = "k1-key-0123456789abcdef0123456789abcdef";
        try (S3ProxyServer s3 = S3ProxyServer.start().bucket(BUCKET)) {
            Path data = tmp.resolve("enc");
            String latest;
            try (AppProcess app = new AppProcess(data).withAdminToken()) {
                app.env.putAll(offsiteEnv(s3, data));
                app.set("BACKUP_ENCRYPTION_ENABLED", "true").set("BACKUP_ENCRYPTION_KEY_ID", "k1").set("BACKUP_ENCRYPTION_KEY", key);
                app.start();
                List<Map<String, Object>> events = Events.batch(2_000, 0);
                events.forEach(e -> {
                    if ((int) e.get("user_id") == 3) {
                        e.put("username", DedupIT.CANARY_USER);
                    }
                });
                assertThat(app.post("/api/v1/sync", T, events).status()).isEqualTo(200);
                backup(app);
                assertThat(app.post("/api/v1/sync", T, Events.batch(100, 2_000)).status()).isEqualTo(200);
                latest = backup(app);
            }
            // The database held the name (so the check is not vacuous); no object in the bucket does.
            byte[] needle = DedupIT.CANARY_USER.getBytes(StandardCharsets.UTF_8);
            assertThat(DedupIT.indexOf(Files.readAllBytes(data.resolve("cartographus.duckdb")), needle)).isNotEqualTo(-1);
            Map<String, Long> objects = bucket(s3);
            assertThat(chunkObjects(objects)).isNotEmpty().allSatisfy((name, size) -> assertThat(name).endsWith(".enc"));
            for (String name : objects.keySet()) {
                byte[] body = s3.raw().getObjectAsBytes(r -> r.bucket(BUCKET).key(PREFIX + "/" + name)).asByteArray();
                assertThat(DedupIT.indexOf(body, needle)).as("%s holds the username in plaintext", name).isEqualTo(-1);
            }

            // A fresh machine with a different key is refused and is left without a database; with the key it restores.
            Path wrong = tmp.resolve("wrong-key");
            Map<String, String> wrongEnv = offsiteEnv(s3, wrong);
            wrongEnv.putAll(Map.of("BACKUP_ENCRYPTION_ENABLED", "true", "BACKUP_ENCRYPTION_KEY_ID", "k1",
                    "BACKUP_ENCRYPTION_KEY", "k1-key-ffffffffffffffffffffffffffffffff"));
            AppProcess.CliResult refused = AppProcess.cli(wrongEnv, "backup", "restore", "latest", "--from-offsite");
            assertThat(refused.exit()).as(refused.out() + refused.err()).isNotZero();
            assertThat(refused.err()).as(refused.out() + refused.err()).containsIgnoringCase("key");
            assertThat(wrong.resolve("cartographus.duckdb")).doesNotExist();

            Path fresh = tmp.resolve("enc-fresh");
            Map<String, String> env = offsiteEnv(s3, fresh);
            env.putAll(Map.of("BACKUP_ENCRYPTION_ENABLED", "true", "BACKUP_ENCRYPTION_KEY_ID", "k1", "BACKUP_ENCRYPTION_KEY", key));
            AppProcess.CliResult restored = AppProcess.cli(env, "backup", "restore", "latest", "--from-offsite");
            assertThat(restored.exit()).as(restored.out() + restored.err()).isZero();
            assertThat(restored.out()).contains("restored " + latest).contains("records_restored=2100");
        }
    }
}
