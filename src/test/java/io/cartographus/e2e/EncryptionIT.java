package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Encryption at rest with the real jar: every operation on encrypted backups, a key rotation
 * across restarts, what happens without the old key or with a wrong one (nothing changes),
 * {@code backup decrypt}, and that the archive file leaks nothing it holds.
 */
class EncryptionIT {
    private static final String K1 = "k1-key-0123456789abcdef0123456789abcdef";
    private static final String K2 = "k2-key-fedcba9876543210fedcba9876543210";
    private static final String WRONG = "k1-key-this-is-not-the-key-0123456789ab";
    /** A row value to look for in the archive: it must be in the plaintext and not in the file. */
    private static final String CANARY = "Quokka-Canary-7f3a91";

    @TempDir
    Path tmp;

    private static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }

    private static AppProcess app(Path data, String keyId, String key, String oldKeys) {
        AppProcess app = new AppProcess(data).withAdminToken().set("BACKUP_ENCRYPTION_ENABLED", "true")
                .set("BACKUP_ENCRYPTION_KEY_ID", keyId).set("BACKUP_ENCRYPTION_KEY", key);
        if (oldKeys != null) {
            app.set("BACKUP_ENCRYPTION_OLD_KEYS", oldKeys);
        }
        return app;
    }

    private static Map<String, String> offline(Path data, String oldKeys) {
        Map<String, String> env = new HashMap<>();
        env.put("DATA_DIR", data.toString());
        env.put("BACKUP_ENCRYPTION_ENABLED", "true");
        env.put("BACKUP_ENCRYPTION_KEY_ID", "k2");
        env.put("BACKUP_ENCRYPTION_KEY", K2);
        if (oldKeys != null) {
            env.put("BACKUP_ENCRYPTION_OLD_KEYS", oldKeys);
        }
        return env;
    }

    @Test
    void encrypted_backups_work_end_to_end_rotate_and_change_nothing_without_their_key() throws Exception {
        Path data = tmp.resolve("data");
        Path bdir = data.resolve("backups");
        String t = AppProcess.ADMIN;
        Map<String, String> ids = new HashMap<>();
        long t0 = System.nanoTime();

        // 1. Key k1, no compression (so that the plaintext plainly holds the tar, the DuckDB file and the row values).
        try (AppProcess app = app(data, "k1", K1, null).set("BACKUP_COMPRESSION_ENABLED", "false").start()) {
            List<Map<String, Object>> events = Events.batch(40, 0);
            events.get(0).put("title", CANARY);
            assertThat(app.post("/api/v1/sync", t, events).status()).isEqualTo(200);
            for (String type : List.of("full", "database", "config")) {
                AppProcess.Response r = app.post("/api/v1/backup/create", t, Map.of("type", type));
                assertThat(r.status()).as(r.text()).isEqualTo(200);
                assertThat(r.json().path("file_name").asText()).endsWith(".tar.enc");
                assertThat(r.json().path("encryption").path("key_id").asText()).isEqualTo("k1");
                ids.put(type, r.json().path("id").asText());
            }
            JsonNode list = app.get("/api/v1/backup/list", t).json();
            assertThat(list.path("backups").size()).isEqualTo(3);
            list.path("backups").forEach(b -> assertThat(b.path("encryption").path("key_id").asText()).isEqualTo("k1"));

            String full = ids.get("full");
            Path fullFile = bdir.resolve("backup-" + full + ".tar.enc");
            AppProcess.Response dl = app.get("/api/v1/backup/download/" + full, t);
            assertThat(dl.status()).isEqualTo(200);
            assertThat(dl.raw().headers().firstValue("Content-Type").orElse("")).isEqualTo("application/octet-stream");
            assertThat(dl.raw().headers().firstValue("Content-Disposition").orElse("")).contains("backup-" + full + ".tar.enc");
            assertThat(dl.body()).isEqualTo(Files.readAllBytes(fullFile));
            run(bdir, "sh", "-c", "sha256sum -c backup-*.sha256");

            JsonNode v = app.post("/api/v1/backup/validate/" + full, t, null).json();
            assertThat(v.path("valid").asBoolean()).as(v.toString()).isTrue();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    app.get("/api/v1/backup/list", t).json().path("backups").forEach(b ->
                            assertThat(b.path("verification").path("status").asText()).as(b.toString()).isEqualTo("passed")));

            assertThat(app.post("/api/v1/sync", t, Events.batch(20, 100)).status()).isEqualTo(200);
            AppProcess.Response restored = app.post("/api/v1/backup/restore/" + ids.get("database"), t, Map.of());
            assertThat(restored.status()).as(restored.text()).isEqualTo(200);
            assertThat(restored.json().path("records_restored").asLong()).isEqualTo(40);
            assertThat(app.get("/api/v1/stats", t).json().path("total_playbacks").asLong()).isEqualTo(40);
            AppProcess.Response latest = app.post("/api/v1/backup/restore/latest", t, Map.of("restore_config", false));
            assertThat(latest.status()).as(latest.text()).isEqualTo(200);
            assertThat(latest.json().path("backup_id").asText()).endsWith("pre-restore");
            assertThat(latest.json().path("records_restored").asLong()).isEqualTo(60);
        }

        System.out.printf("phase %s starts after %d ms%n", "2", (System.nanoTime() - t0) / 1_000_000);
        // 2. Rotation: k2 is current, k1 is kept as an old key; gzip from now on.
        String oldDb = ids.get("database");
        String newDb;
        try (AppProcess app = app(data, "k2", K2, "k1=" + K1).set("BACKUP_VERIFY", "false").start()) {
            JsonNode v = app.post("/api/v1/backup/validate/" + ids.get("full"), t, null).json();
            assertThat(v.path("valid").asBoolean()).as(v.toString()).isTrue();
            AppProcess.Response restored = app.post("/api/v1/backup/restore/" + oldDb, t, Map.of("create_pre_restore_backup", false));
            assertThat(restored.status()).as(restored.text()).isEqualTo(200);
            assertThat(app.get("/api/v1/stats", t).json().path("total_playbacks").asLong()).isEqualTo(40);
            AppProcess.Response created = app.post("/api/v1/backup/create", t, Map.of("type", "database"));
            assertThat(created.json().path("encryption").path("key_id").asText()).isEqualTo("k2");
            assertThat(created.json().path("file_name").asText()).endsWith(".tar.gz.enc");
            newDb = created.json().path("id").asText();
        }

        System.out.printf("phase %s starts after %d ms%n", "3", (System.nanoTime() - t0) / 1_000_000);
        // 3. Without k1: validation names k1 and the variable to set; restore is refused and nothing changes.
        try (AppProcess app = app(data, "k2", K2, null).set("BACKUP_VERIFY", "false").start()) {
            String stats = app.get("/api/v1/stats", t).text();
            Map<String, Object> files = hashes(bdir);
            String db = sha256(data.resolve("cartographus.duckdb"));
            JsonNode v = app.post("/api/v1/backup/validate/" + oldDb, t, null).json();
            assertThat(v.path("valid").asBoolean()).isFalse();
            assertThat(v.path("checksum_valid").asBoolean()).as("the checksum needs no key").isTrue();
            assertThat(v.path("archive_readable").asBoolean() || v.path("files_complete").asBoolean()
                    || v.path("database_valid").asBoolean()).isFalse();
            assertThat(v.path("errors").get(0).asText()).contains("key id 'k1'", "BACKUP_ENCRYPTION_OLD_KEYS");
            AppProcess.Response refused = app.post("/api/v1/backup/restore/" + oldDb, t, Map.of());
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.text()).contains("k1");
            assertThat(app.post("/api/v1/backup/validate/" + newDb, t, null).json().path("valid").asBoolean()).isTrue();
            assertThat(app.get("/api/v1/stats", t).text()).isEqualTo(stats);
            assertThat(hashes(bdir)).isEqualTo(files);
            assertThat(sha256(data.resolve("cartographus.duckdb"))).isEqualTo(db);
            // The only trace is each record's last check: a missing key is no damage, so the backup stays completed.
            JsonNode old = app.get("/api/v1/backup/" + oldDb, t).json();
            assertThat(old.path("status").asText()).as(old.toString()).isEqualTo("completed");
            assertThat(old.path("verification").path("message").asText()).as(old.toString()).contains("not checked", "k1");
        }

        System.out.printf("phase %s starts after %d ms%n", "4", (System.nanoTime() - t0) / 1_000_000);
        // 4. Offline, a wrong key for k1: named as such, nothing changes but the records' last check.
        Map<String, String> wrong = offline(data, "k1=" + WRONG);
        Map<String, Object> files = hashes(bdir);
        AppProcess.CliResult validate = AppProcess.cli(wrong, "backup", "validate", oldDb);
        assertThat(validate.exit()).as(validate.out() + validate.err()).isEqualTo(3);
        assertThat(validate.out()).contains("wrong key", "'k1'").contains("checksum_valid    ok");
        AppProcess.CliResult restore = AppProcess.cli(wrong, "backup", "restore", oldDb);
        assertThat(restore.exit()).as(restore.out() + restore.err()).isEqualTo(3);
        assertThat(restore.out()).contains("NOT restored", "wrong key", "'k1'");
        Map<String, String> onlyK1 = offline(data, null);
        onlyK1.putAll(Map.of("BACKUP_ENCRYPTION_KEY_ID", "k1", "BACKUP_ENCRYPTION_KEY", K1));
        AppProcess.CliResult latest = AppProcess.cli(onlyK1, "backup", "restore", "latest", "--validate-only");
        assertThat(latest.exit()).as(latest.out() + latest.err()).isZero();
        assertThat(latest.out()).as("an older backup is chosen, and the response says why").contains(
                "skipped a newer backup that does not validate: " + newDb, "key id 'k2'");
        assertThat(hashes(bdir)).isEqualTo(files);
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        AppProcess.CliResult badDecrypt = AppProcess.cli(wrong, "backup", "decrypt", ids.get("full"), "-o", out.resolve("full.tar").toString());
        assertThat(badDecrypt.exit()).isEqualTo(3);
        assertThat(badDecrypt.err()).contains("wrong key", "'k1'");
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left).as("no output and no temporary file").isEmpty();
        }

        System.out.printf("phase %s starts after %d ms%n", "5", (System.nanoTime() - t0) / 1_000_000);
        // 5. backup decrypt with the right keys: the plain tar for manual work, never over an existing file unless --force.
        Map<String, String> right = offline(data, "k1=" + K1);
        Path plain = out.resolve("full.tar");
        AppProcess.CliResult dec = AppProcess.cli(right, "backup", "decrypt", ids.get("full"), "-o", plain.toString());
        assertThat(dec.exit()).as(dec.err()).isZero();
        assertThat(run(out, "tar", "-tf", plain.toString()).lines()).containsExactly("database/cartographus.duckdb",
                "config/config.json", "manifest.json");
        AppProcess.CliResult again = AppProcess.cli(right, "backup", "decrypt", ids.get("full"), "-o", plain.toString());
        assertThat(again.exit()).isEqualTo(3);
        assertThat(again.err()).contains("already exists", "--force");
        AppProcess.CliResult newer = AppProcess.cli(offline(data, null), "backup", "decrypt",
                bdir.resolve("backup-" + newDb + ".tar.gz.enc").toString(), "-o", out.toString(), "--force");
        assertThat(newer.exit()).as(newer.err()).isZero();
        assertThat(run(out, "tar", "-tzf", "backup-" + newDb + ".tar.gz")).contains("database/cartographus.duckdb");
        AppProcess.CliResult noKey = AppProcess.cli(offline(data, null), "backup", "decrypt", ids.get("full"), "-o", out.resolve("x").toString());
        assertThat(noKey.exit()).isEqualTo(3);
        assertThat(noKey.err()).contains("key id 'k1'", "BACKUP_ENCRYPTION_OLD_KEYS");

        System.out.printf("phase %s starts after %d ms%n", "6", (System.nanoTime() - t0) / 1_000_000);
        // 6. The encrypted file holds none of what its plaintext holds: tar headers, DuckDB's magic, a row, the configuration.
        byte[] clear = Files.readAllBytes(plain);
        byte[] config = run(out, "tar", "-xOf", plain.toString(), "config/config.json").getBytes(StandardCharsets.UTF_8);
        String configLine = new String(config, StandardCharsets.UTF_8).lines().filter(l -> l.contains("BACKUP_RETENTION_MIN_COUNT"))
                .findFirst().orElseThrow().strip();
        List<String> secrets = List.of("ustar", "DUCK", CANARY, configLine, "secrets_excluded", "playback_events");
        for (String s : secrets) {
            assertThat(contains(clear, s)).as("the plaintext holds %s (else this test proves nothing)", s).isTrue();
        }
        for (String type : List.of("full", "database", "config")) {
            byte[] file = Files.readAllBytes(bdir.resolve("backup-" + ids.get(type) + ".tar.enc"));
            for (String s : secrets) {
                assertThat(contains(file, s)).as("%s backup contains %s", type, s).isFalse();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "too-short-key"})
    void encryption_without_a_proper_key_stops_start_up_with_one_line(String key) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DATA_DIR", tmp.resolve("data").toString());
        env.put("HTTP_PORT", "0");
        env.put("BACKUP_ENCRYPTION_ENABLED", "true");
        if (!key.isEmpty()) {
            env.put("BACKUP_ENCRYPTION_KEY", key);
        }
        AppProcess.CliResult r = AppProcess.cli(env, "serve");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1).first().asString()
                .contains("BACKUP_ENCRYPTION_KEY", "at least 32 characters").doesNotContain(key.isEmpty() ? "\t" : key);
        assertThat(r.err() + r.out()).doesNotContain("Exception", "\tat ");
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    /**
     * Every file's hash; JSON files by content, because opening the index offline writes it back
     * with its maps in another order.
     */
    private static Map<String, Object> hashes(Path dir) throws IOException {
        Map<String, Object> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                // JsonNode equality ignores the order of fields. A check records its outcome as the record's last
                // check (docs/design.md §13), which is not what these comparisons are about.
                out.put(name, name.endsWith(".json") ? withoutLastCheck(AppProcess.JSON.readTree(p.toFile())) : sha256(p));
            }
        }
        return out;
    }

    private static JsonNode withoutLastCheck(JsonNode n) {
        if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            o.remove("verification");
            o.path("backups").forEach(r -> withoutLastCheck(r));
        }
        return n;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
