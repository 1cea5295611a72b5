package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cartographus.crypto.ArchiveCipher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never appear (docs/design.md §8): the real jar runs with an encryption key, a webhook URL with a
 * secret path, an admin token and a created token, does the usual work, and then the whole server
 * log, the audit log, the index, the sidecars, config.env and the archives (decrypted and
 * decompressed) are searched for each secret. The same run checks that every log line of a backup
 * names its action and backup id.
 */
class SecretsIT {
    private static final String KEY = "Kx9-SECRET-ENCRYPTION-KEY-7f3a9c2e51d84b6a0e4f1c9d2b7a6e5f";
    private static final String HOOK_SECRET = "T0SECRET/B0HOOKPATH/q8w7e6r5t4y3u2i1o0p9a8s7";
    private static final Pattern ID = Pattern.compile("\\d{8}-\\d{6}-(full|database|config|pre-restore|pre-sync)(-[1-9]\\d{0,5})?");
    private static final Pattern CONTEXT = Pattern.compile(" \\[(backup|restore|verify) (" + ID.pattern() + ")\\] - ");

    @TempDir
    Path tmp;

    @Test
    void no_secret_reaches_a_log_a_sidecar_config_env_or_an_archive_and_every_backup_line_names_its_backup() throws Exception {
        List<String> hooks = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", ex -> {
            hooks.add(ex.getRequestURI().getPath() + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        String hookUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/" + HOOK_SECRET;
        Path data = tmp.resolve("data");
        try (AppProcess app = new AppProcess(data).withAdminToken()
                .set("BACKUP_ENCRYPTION_ENABLED", "true")
                .set("BACKUP_ENCRYPTION_KEY", KEY)
                .set("BACKUP_WEBHOOK_URL", hookUrl)
                .set("BACKUP_NOTIFY_SUCCESS", "true")
                .set("BACKUP_NOTIFY_FAILURE", "true")
                .set("BACKUP_PRE_SYNC", "true")
                .set("CARTOGRAPHUS_LOG_LEVEL", "DEBUG")
                .start()) {
            String admin = AppProcess.ADMIN;
            AppProcess.CliResult created = AppProcess.cli(new HashMap<>(app.env), "token", "create", "--role", "operator", "--name", "ci");
            assertThat(created.exit()).as(created.err()).isZero();
            String operator = created.out().strip();
            List<String> secrets = List.of(KEY, HOOK_SECRET, hookUrl, admin, operator);

            assertThat(app.post("/api/v1/sync", operator, Events.batch(200, 0)).status()).isEqualTo(200);
            String full = app.post("/api/v1/backup/create", operator, Map.of("type", "full", "notes", "secrets check")).json().path("id").asText();
            assertThat(app.post("/api/v1/backup/validate/" + full, operator, null).json().path("valid").asBoolean()).isTrue();
            AppProcess.Response restored = app.post("/api/v1/backup/restore/" + full, admin, Map.of("restore_config", true));
            assertThat(restored.status()).as(restored.text()).isEqualTo(200);
            assertThat(app.get("/api/v1/backup/list", operator + "x").status()).isEqualTo(401);
            assertThat(app.get("/api/v1/backup/list", "Bearer " + KEY).status()).isEqualTo(401);
            assertThat(app.get("/api/v1/backup/list", admin.substring(0, admin.length() - 2)).status()).isEqualTo(401);
            assertThat(app.call("DELETE", "/api/v1/backup/" + full, operator, null, null).status()).isEqualTo(403);
            // Webhooks: pre-sync, full and pre-restore backups completed, and the restore.
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> hooks.size() >= 4
                    && app.get("/api/v1/backup/status", admin).json().path("verification").path("pending").asInt() == 0);
            assertThat(hooks).allMatch(h -> h.startsWith("/" + HOOK_SECRET)).anyMatch(h -> h.contains("restore.completed"));

            Map<String, byte[]> searched = new HashMap<>();
            searched.put("server log", Files.readAllBytes(app.log));
            searched.put("webhook payloads", String.join("\n", hooks).replace("/" + HOOK_SECRET, "").getBytes(StandardCharsets.UTF_8));
            try (Stream<Path> files = Files.walk(data)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String name = data.relativize(f).toString();
                    if (name.endsWith(".duckdb") || name.endsWith(".wal")) {
                        continue;
                    }
                    searched.put(name, Files.readAllBytes(f));
                    if (name.endsWith(".tar.gz.enc")) {
                        searched.put(name + " (decrypted, gunzipped)", plain(f));
                    }
                }
            }
            assertThat(searched).containsKeys("audit.log", "config.env", "backups/metadata.json", "tokens.json",
                    "backups/backup-" + full + ".json", "backups/backup-" + full + ".sha256",
                    "backups/backup-" + full + ".tar.gz.enc (decrypted, gunzipped)");
            assertThat(new String(searched.get("backups/backup-" + full + ".tar.gz.enc (decrypted, gunzipped)"), StandardCharsets.ISO_8859_1))
                    .contains("config/config.json").contains("manifest.json").contains("evt-00000199");
            List<String> leaks = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : searched.entrySet()) {
                String text = new String(e.getValue(), StandardCharsets.ISO_8859_1);
                for (String s : secrets) {
                    if (text.contains(s)) {
                        leaks.add(e.getKey() + " contains " + s.substring(0, 6) + "…");
                    }
                }
            }
            assertThat(leaks).isEmpty();
            app.stop();

            List<String> unnamed = new ArrayList<>();
            for (String line : app.logText().split("\n")) {
                int dash = line.indexOf(" - ");
                List<String> mentioned = ID.matcher(dash < 0 ? "" : line.substring(dash)).results().map(java.util.regex.MatchResult::group).toList();
                boolean backupLogger = Stream.of("i.c.backup.BackupJob", "i.c.r.RestoreService", "i.c.v.BackgroundVerifier",
                        "i.c.n.WebhookNotifier").anyMatch(line::contains);
                if (mentioned.isEmpty() && !backupLogger) {
                    continue;
                }
                Matcher context = CONTEXT.matcher(line);
                if (!context.find() || !mentioned.isEmpty() && !mentioned.contains(context.group(2))) {
                    unnamed.add(line);
                }
            }
            assertThat(app.logText()).contains("[restore " + full + "] - restore of " + full + " ended")
                    .contains("[backup " + full + "] - backup " + full + " completed")
                    .containsPattern("\\[restore " + full + "\\] - webhook restore.completed success");
            assertThat(unnamed).as("log lines about a backup without [action backup_id]").isEmpty();
        } finally {
            receiver.stop(0);
        }
    }

    private static byte[] plain(Path encrypted) throws IOException {
        ArchiveCipher cipher = new ArchiveCipher(ArchiveCipher.DEFAULT_KEY_ID, KEY, Map.of());
        try (InputStream in = new GZIPInputStream(cipher.decrypting(Files.newInputStream(encrypted)))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
