package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.ZstdInputStream;
import io.cartographus.testing.Seeds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BACKUP_DEDUP with the real jar: ten backups share one chunk store; deleting some collects exactly
 * the chunks nobody needs and every other backup still validates and restores to its own rows; a
 * flipped byte fails exactly the backups using that chunk; with encryption no file in BACKUP_DIR
 * shows a synced value; a download is self-contained and restores on a server without the store.
 * What a backup references is read from its own manifest, not from the store's bookkeeping.
 */
class DedupIT {
    private static final String T = AppProcess.ADMIN;
    static final String CANARY_USER = "Zanzibar-Dedup-Canary-4c1e";
    /** A restore of exactly the database: no safety backup (it would be a backup of its own), config.env left alone. */
    private static final Map<String, Object> RESTORE = Map.of("create_pre_restore_backup", false, "restore_config", false);

    @TempDir
    Path tmp;

    @Test
    void deduplicated_backups_share_chunks_survive_deletions_fail_only_where_damaged_and_download_self_contained() throws Exception {
        long t0 = System.nanoTime();
        Path data = tmp.resolve("data");
        Path bdir = data.resolve("backups");
        Path store = bdir.resolve("chunks");
        Map<String, JsonNode> countsAt = new LinkedHashMap<>();
        List<Long> storeAfter = new ArrayList<>();
        Path download = tmp.resolve("download.tar.zst");
        JsonNode downloadedCounts;
        try (AppProcess app = new AppProcess(data).withAdminToken().set("BACKUP_DEDUP", "true").set("BACKUP_VERIFY", "false")
                .set("BACKUP_COMPRESSION_ALGORITHM", "zstd").start()) {
            // 1. Ten backups, events synced before each: a large first batch, then small ones, as a day of syncs would be.
            int next = 0;
            for (int i = 0; i < 10; i++) {
                int n = i == 0 ? 20000 : 100;
                assertThat(app.post("/api/v1/sync", T, Events.batch(n, next)).status()).isEqualTo(200);
                next += n;
                AppProcess.Response r = app.post("/api/v1/backup/create", T, Map.of("type", "full"));
                assertThat(r.status()).as(r.text()).isEqualTo(200);
                assertThat(r.json().path("storage").path("method").asText()).as(r.text()).isEqualTo("dedup");
                String id = r.json().path("id").asText();
                countsAt.put(id, counts(app));
                storeAfter.add(chunkBytes(store));
                assertThat(bdir.resolve("backup-" + id + ".tar.zst")).isRegularFile();
                assertThat(bdir.resolve("backup-" + id + ".sha256")).isRegularFile();
                assertThat(bdir.resolve("backup-" + id + ".json")).isRegularFile();
            }
            List<String> ids = new ArrayList<>(countsAt.keySet());
            JsonNode metadata = AppProcess.JSON.readTree(Files.readAllBytes(bdir.resolve("metadata.json")));
            assertThat(metadata.toString()).contains(ids.get(0), ids.get(9));

            // The self-contained size of one backup, as a server without the store would keep it.
            String last = ids.get(9);
            AppProcess.Response dl = app.get("/api/v1/backup/download/" + last, T);
            assertThat(dl.status()).as(dl.text()).isEqualTo(200);
            Files.write(download, dl.body());
            downloadedCounts = countsAt.get(last);
            assertThat(tarEntries(new ZstdInputStream(new ByteArrayInputStream(dl.body()))).keySet())
                    .contains("database/cartographus.duckdb", "manifest.json", "config/config.json");
            long full = dl.body().length;
            long growth = storeAfter.get(9) - storeAfter.get(0);
            long dirTotal = treeBytes(bdir);
            System.out.printf("dedup: full archive %d bytes; store after first %d, after ten %d (growth %d over 9 backups); BACKUP_DIR %d bytes%n",
                    full, storeAfter.get(0), storeAfter.get(9), growth, dirTotal);
            // Nine more backups together add less than two full archives, and the directory holds less than a third of ten.
            assertThat(growth).isLessThan(2 * full);
            for (int i = 1; i < 10; i++) {
                assertThat(storeAfter.get(i) - storeAfter.get(i - 1)).as("store growth by backup %d", i).isLessThan(full / 3);
            }
            assertThat(dirTotal).isLessThan(10 * full / 3);

            // Delete four at random.
            Random random = new Random(Seeds.seed("DedupIT deletions"));
            List<String> shuffled = new ArrayList<>(ids);
            java.util.Collections.shuffle(shuffled, random);
            List<String> deleted = shuffled.subList(0, 4);
            for (String id : deleted) {
                AppProcess.Response d = app.call("DELETE", "/api/v1/backup/" + id, T, null, null);
                assertThat(d.status()).as(d.text()).isEqualTo(200);
                countsAt.remove(id);
                assertThat(bdir.resolve("backup-" + id + ".tar.zst")).doesNotExist();
            }
            Map<String, Set<String>> refs = new LinkedHashMap<>();
            for (String id : countsAt.keySet()) {
                refs.put(id, chunkFiles(bdir.resolve("backup-" + id + ".tar.zst")));
            }
            Set<String> referenced = new TreeSet<>();
            refs.values().forEach(referenced::addAll);
            Set<String> present = storedChunks(store);
            assertThat(present).as("chunks no remaining backup references were collected").isEqualTo(referenced);

            for (Map.Entry<String, JsonNode> e : countsAt.entrySet()) {
                JsonNode v = app.post("/api/v1/backup/validate/" + e.getKey(), T, null).json();
                assertThat(v.path("valid").asBoolean()).as(v.toString()).isTrue();
                AppProcess.Response r = app.post("/api/v1/backup/restore/" + e.getKey(), T, RESTORE);
                assertThat(r.status()).as(r.text()).isEqualTo(200);
                assertThat(counts(app)).as("rows after restoring %s", e.getKey()).isEqualTo(e.getValue());
            }
            assertThat(storedChunks(store)).as("restores add no chunks").isEqualTo(referenced);

            // 2. One flipped byte in a chunk used by some but, if possible, not all remaining backups.
            Map<String, Integer> users = new HashMap<>();
            refs.values().forEach(s -> s.forEach(f -> users.merge(f, 1, Integer::sum)));
            String victim = users.entrySet().stream().filter(u -> u.getValue() < refs.size()).map(Map.Entry::getKey).findFirst()
                    .orElse(referenced.iterator().next());
            Path victimFile = store.resolve(victim.substring(0, 2)).resolve(victim);
            byte[] bytes = Files.readAllBytes(victimFile);
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(victimFile, bytes);
            Set<String> expectFail = new TreeSet<>();
            refs.forEach((id, s) -> {
                if (s.contains(victim)) {
                    expectFail.add(id);
                }
            });
            Set<String> failed = new TreeSet<>();
            for (String id : refs.keySet()) {
                JsonNode v = app.post("/api/v1/backup/validate/" + id, T, null).json();
                if (!v.path("valid").asBoolean()) {
                    failed.add(id);
                }
            }
            System.out.printf("flipped %s: used by %s%n", victim, expectFail);
            assertThat(failed).isEqualTo(expectFail);
            assertThat(expectFail).isNotEmpty();

            // 3. The store-wide check names the chunk and exactly those backups; they are corrupted, a restore refuses them,
            // the others still restore, and the metric counts the chunk. The CLI says the same, with exit 3.
            JsonNode check = app.post("/api/v1/backup/check", T, null).json();
            assertThat(check.path("damaged_chunks").properties()).as(check.toString()).extracting(Map.Entry::getKey).containsExactly(victim);
            Set<String> affected = new TreeSet<>();
            check.path("affected_backups").fieldNames().forEachRemaining(affected::add);
            assertThat(affected).isEqualTo(expectFail);
            assertThat(check.path("backups_checked").asInt()).isEqualTo(refs.size());
            assertThat(check.path("not_checked").isEmpty()).as(check.toString()).isTrue();
            for (String id : refs.keySet()) {
                JsonNode rec = app.get("/api/v1/backup/" + id, T).json();
                AppProcess.Response r = app.post("/api/v1/backup/restore/" + id, T, RESTORE);
                if (expectFail.contains(id)) {
                    assertThat(rec.path("status").asText()).as(rec.toString()).isEqualTo("corrupted");
                    assertThat(r.status()).as(r.text()).isEqualTo(422);
                } else {
                    assertThat(rec.path("status").asText()).as(rec.toString()).isEqualTo("completed");
                    assertThat(r.status()).as(r.text()).isEqualTo(200);
                }
            }
            assertThat(app.get("/metrics", null).text()).contains("cartographus_backup_chunks_damaged 1.0");
            AppProcess.CliResult cli = AppProcess.cli(app.env, "backup", "check", "--server", app.baseUrl(), "--token", T);
            assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(3);
            assertThat(cli.out()).contains("damaged:", victim, "corrupted:   backup " + expectFail.iterator().next());
        }

        // 4. The download restores on a server that has never had a chunk store.
        Path other = tmp.resolve("other");
        try (AppProcess app = new AppProcess(other).withAdminToken().start()) {
            AppProcess.Response up = app.call("POST", "/api/v1/backup/upload", T, Files.readAllBytes(download), "application/octet-stream");
            assertThat(up.status()).as(up.text()).isEqualTo(201);
            String id = up.json().path("id").asText();
            assertThat(up.json().path("storage").isMissingNode() || up.json().path("storage").isNull()).as(up.text()).isTrue();
            AppProcess.Response r = app.post("/api/v1/backup/restore/" + id, T, RESTORE);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(counts(app)).isEqualTo(downloadedCounts);
            assertThat(other.resolve("backups").resolve("chunks")).satisfiesAnyOf(
                    p -> assertThat(p).doesNotExist(), p -> assertThat(storedChunks(p)).isEmpty());
        }
        System.out.printf("DedupIT plain part took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void with_encryption_no_file_in_backup_dir_shows_a_synced_value() throws Exception {
        Path data = tmp.resolve("enc");
        Path bdir = data.resolve("backups");
        try (AppProcess app = new AppProcess(data).withAdminToken().set("BACKUP_DEDUP", "true").set("BACKUP_VERIFY", "false")
                .set("BACKUP_COMPRESSION_ENABLED", "false").set("BACKUP_ENCRYPTION_ENABLED", "true")
                .set("BACKUP_ENCRYPTION_KEY_ID", "k1").set("BACKUP_ENCRYPTION_KEY", "k1-key-0123456789abcdef0123456789abcdef").start()) {
            List<Map<String, Object>> events = Events.batch(500, 0);
            events.forEach(e -> {
                if ((int) e.get("user_id") == 3) {
                    e.put("username", CANARY_USER);
                }
            });
            assertThat(app.post("/api/v1/sync", T, events).status()).isEqualTo(200);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                AppProcess.Response r = app.post("/api/v1/backup/create", T, Map.of("type", "full"));
                assertThat(r.status()).as(r.text()).isEqualTo(200);
                assertThat(r.json().path("storage").path("method").asText()).isEqualTo("dedup");
                ids.add(r.json().path("id").asText());
                assertThat(app.post("/api/v1/sync", T, Events.batch(50, 500 + 50 * i)).status()).isEqualTo(200);
            }
            Set<String> chunks = storedChunks(bdir.resolve("chunks"));
            assertThat(chunks).isNotEmpty().allMatch(f -> f.endsWith(".enc"));
            byte[] needle = CANARY_USER.getBytes(StandardCharsets.UTF_8);
            try (Stream<Path> files = Files.walk(bdir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(indexOf(Files.readAllBytes(f), needle)).as("%s holds the username in plaintext", bdir.relativize(f)).isEqualTo(-1);
                }
            }
            // The database really held it (the check above is not vacuous), and the sealed backups still validate and restore.
            assertThat(indexOf(Files.readAllBytes(data.resolve("cartographus.duckdb")), needle)).isNotEqualTo(-1);
            for (String id : ids) {
                JsonNode v = app.post("/api/v1/backup/validate/" + id, T, null).json();
                assertThat(v.path("valid").asBoolean()).as(v.toString()).isTrue();
            }
            AppProcess.Response r = app.post("/api/v1/backup/restore/" + ids.get(0), T, RESTORE);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(app.get("/api/v1/stats", T).json().path("total_playbacks").asLong()).isEqualTo(500);
        }
    }

    private static JsonNode counts(AppProcess app) throws IOException, InterruptedException {
        JsonNode s = app.get("/api/v1/stats", T).json();
        return AppProcess.JSON.valueToTree(Map.of("total_playbacks", s.path("total_playbacks").asLong(),
                "total_users", s.path("total_users").asLong(), "unique_locations", s.path("unique_locations").asLong()));
    }

    /** Chunk files a backup's own manifest names. */
    static Set<String> chunkFiles(Path archive) throws IOException {
        byte[] manifest;
        try (InputStream in = new ZstdInputStream(Files.newInputStream(archive))) {
            manifest = tarEntries(in).get("manifest.json");
        }
        Set<String> out = new LinkedHashSet<>();
        AppProcess.JSON.readTree(manifest).path("database_chunks").path("chunks").forEach(c -> out.add(c.path("file").asText()));
        assertThat(out).as("%s lists its chunks", archive.getFileName()).isNotEmpty();
        return out;
    }

    private static Map<String, byte[]> tarEntries(InputStream in) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextTarEntry()) != null) {
                out.put(e.getName(), tar.readAllBytes());
            }
        }
        return out;
    }

    /** Chunk files on disk: {@code chunks/<2 hex>/<name>}, not the reference lists or the salt. */
    static Set<String> storedChunks(Path store) throws IOException {
        Set<String> out = new TreeSet<>();
        if (!Files.isDirectory(store)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(store)) {
            files.filter(Files::isRegularFile).filter(p -> p.getParent().getFileName().toString().matches("[0-9a-f]{2}"))
                    .forEach(p -> out.add(p.getFileName().toString()));
        }
        return out;
    }

    private static long chunkBytes(Path store) throws IOException {
        long total = 0;
        for (String f : storedChunks(store)) {
            total += Files.size(store.resolve(f.substring(0, 2)).resolve(f));
        }
        return total;
    }

    private static long treeBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
