package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.testing.Archives;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives made from a real backup whose database was changed with SQL (a view reading a file, a
 * macro, a schema, a dropped or added column) or whose configuration would not start the service (not
 * JSON, unknown or malformed keys, wrong types, out of range), the manifest rewritten to match so that
 * only these checks can tell: refused at upload with a 422 naming the object, and, dropped into
 * BACKUP_DIR before start, never restored: a restore by id (even forced) is a 422 before anything is
 * written (no safety backup, no config.env), restore/latest skips each saying why and restores the
 * real backup, and the file the view points at never reaches a viewer.
 */
class UntrustedArchiveIT {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** The object each archive's refusal must name. */
    private static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("playback_events as a view over read_csv of a file", "unexpected view main.playback_events"),
            Map.entry("an extra macro count_star", "unexpected macro main.count_star"),
            Map.entry("an extra schema", "unexpected schema extra"),
            Map.entry("a dropped column", "missing column main.playback_events.country"),
            Map.entry("an added NOT NULL column", "unexpected column main.playback_events.extra"),
            Map.entry("not JSON", "config/config.json is not JSON"),
            Map.entry("an unknown key JAVA_TOOL_OPTIONS", "JAVA_TOOL_OPTIONS is not a cartographus setting"),
            Map.entry("a key with a newline", "BACKUP_INTERVAL?BACKUP_X is not a cartographus setting"),
            Map.entry("a number where a string belongs", "BACKUP_RETENTION_MAX_COUNT is number, not a string"),
            Map.entry("an interval out of range", "BACKUP_INTERVAL=5m"),
            Map.entry("an hour out of range", "BACKUP_PREFERRED_HOUR=25"));

    @TempDir
    Path tmp;

    @Test
    void databases_with_anything_but_our_schema_are_refused_at_upload_and_never_restored_from_backup_dir() throws Exception {
        Path secret = Files.writeString(tmp.resolve("admin.token"), "SECRET-TOKEN-0123\n");
        Path data = tmp.resolve("data");
        Path backups = data.resolve("backups");
        String good;
        byte[] real;
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            assertThat(app.post("/api/v1/sync", AppProcess.ADMIN, Events.batch(60, 0)).status()).isEqualTo(200);
            JsonNode b = app.post("/api/v1/backup/create", AppProcess.ADMIN, Map.of("type", "full")).json();
            good = b.path("id").asText();
            real = app.get("/api/v1/backup/download/" + good, AppProcess.ADMIN).body();
            Map<String, byte[]> hostile = hostile(real, secret, null);
            List<String> before = names(backups);
            for (Map.Entry<String, byte[]> a : hostile.entrySet()) {
                AppProcess.Response r = app.call("POST", "/api/v1/backup/upload", AppProcess.ADMIN, a.getValue(), "application/gzip");
                assertThat(r.status()).as(a.getKey() + ": " + r.text()).isEqualTo(422);
                assertThat(r.json().path("errors").toString()).as(a.getKey()).contains(NAMED.get(a.getKey()));
                assertThat(names(backups)).as(a.getKey() + ": nothing kept").isEqualTo(before);
            }
        }

        // Dated after the real backup, so each is "newer" and restore/latest meets them first (ids are
        // taken from the file names and only need to be unique).
        Thread.sleep(1100);
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> planted = new java.util.LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, byte[]> a : hostile(real, secret, t).entrySet()) {
            String id = ID_TIME.format(t.minusSeconds(600 + i++)) + "-full";
            Files.write(backups.resolve("backup-" + id + ".tar.gz"), a.getValue());
            planted.put(id, a.getKey());
        }
        try (AppProcess app = new AppProcess(data).withAdminToken().start()) {
            List<String> backupsBefore = names(backups);
            for (Map.Entry<String, String> p : planted.entrySet()) {
                AppProcess.Response plain = app.post("/api/v1/backup/restore/" + p.getKey(), AppProcess.ADMIN, Map.of());
                assertThat(plain.status()).as(p.getValue() + ": " + plain.text()).isEqualTo(422);
                assertThat(plain.text()).as(p.getValue()).contains(NAMED.get(p.getValue()));
                AppProcess.Response forced = app.post("/api/v1/backup/restore/" + p.getKey(), AppProcess.ADMIN, Map.of("force_restore", true));
                assertThat(forced.status()).as(p.getValue() + ": " + forced.text()).isEqualTo(422);
                assertThat(forced.text()).as(p.getValue()).contains(NAMED.get(p.getValue()))
                        .contains("force_restore does not apply");
            }
            assertThat(names(backups)).as("refused before anything was written: no safety backup").isEqualTo(backupsBefore);
            assertThat(data.resolve("config.env")).as("no configuration written").doesNotExist();
            AppProcess.Response latest = app.post("/api/v1/backup/restore/latest", AppProcess.ADMIN, Map.of());
            assertThat(latest.status()).as(latest.text()).isEqualTo(200);
            assertThat(latest.json().path("backup_id").asText()).isEqualTo(good);
            List<String> skipped = new ArrayList<>();
            latest.json().path("warnings").forEach(w -> skipped.add(w.asText()));
            // Each planted one was passed by: skipped with its reason, or not even a candidate because a check
            // (the refused restores above, the verification or the scrub) already marked it corrupted, with that reason.
            for (Map.Entry<String, String> p : planted.entrySet()) {
                JsonNode record = app.get("/api/v1/backup/" + p.getKey(), AppProcess.ADMIN).json();
                boolean named = skipped.stream().anyMatch(w -> w.startsWith("skipped a newer backup that does not validate: " + p.getKey())
                        && w.contains(NAMED.get(p.getValue())));
                boolean corrupted = record.path("status").asText().equals("corrupted") && record.path("error").asText().contains(NAMED.get(p.getValue()));
                assertThat(named || corrupted).as(p.getValue() + ": " + record + " / " + skipped).isTrue();
            }
            AppProcess.CliResult viewer = AppProcess.cli(app.env, "token", "create", "--role", "viewer", "--name", "v");
            AppProcess.Response stats = app.get("/api/v1/stats", viewer.out().strip());
            assertThat(stats.status()).isEqualTo(200);
            assertThat(stats.text()).doesNotContain("SECRET-TOKEN");
            assertThat(stats.json().path("total_playbacks").asLong()).isEqualTo(60);
        }
    }

    private Map<String, byte[]> hostile(byte[] real, Path secret, Instant createdAt) throws Exception {
        Archives builder = Archives.from(real);
        Map<String, byte[]> all = new java.util.LinkedHashMap<>(builder.untrustedDatabases(tmp, secret, createdAt));
        all.putAll(builder.untrustedConfigs(createdAt));
        assertThat(all.keySet()).isEqualTo(NAMED.keySet());
        return all;
    }

    /** The files a restore could have written; not the work directory of a validation the server runs meanwhile. */
    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".tmp-")).sorted().toList();
        }
    }
}
