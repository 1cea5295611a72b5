package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BACKUP_PRE_SYNC: a database backup taken before each sync, and no sync when it fails. */
class PreSyncIT {
    @TempDir
    Path tmp;

    private static long count(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void each_sync_is_preceded_by_a_database_backup_without_its_events() throws Exception {
        Path data = tmp.resolve("data");
        Path dir = data.resolve("backups");
        try (AppProcess app = new AppProcess(data).withAdminToken().set("BACKUP_PRE_SYNC", "true").set("BACKUP_VERIFY", "false")
                .start()) {
            String t = AppProcess.ADMIN;
            AppProcess.Response first = app.post("/api/v1/sync", t, Events.batch(50, 0));
            assertThat(first.status()).as(first.text()).isEqualTo(200);
            AppProcess.Response second = app.post("/api/v1/sync", t, Events.batch(30, 50));
            assertThat(second.status()).as(second.text()).isEqualTo(200);
            assertThat(second.json().path("inserted").asInt()).isEqualTo(30);
            String id = second.json().path("pre_sync_backup_id").asText();
            assertThat(id).matches("\\d{8}-\\d{6}-pre-sync(-\\d+)?").isNotEqualTo(first.json().path("pre_sync_backup_id").asText());

            JsonNode b = app.get("/api/v1/backup/" + id, t).json();
            assertThat(b.path("trigger").asText()).isEqualTo("pre_sync");
            assertThat(b.path("type").asText()).isEqualTo("database");
            assertThat(b.path("status").asText()).isEqualTo("completed");
            assertThat(b.path("tables").path("playback_events").asLong()).as("taken before the second sync").isEqualTo(50);
            assertThat(app.get("/api/v1/stats", t).json().path("total_playbacks").asLong()).isEqualTo(80);

            // The archive's own database: the first batch, none of the second.
            Path out = Files.createDirectories(tmp.resolve("unpacked"));
            Process tar = new ProcessBuilder("tar", "-xzf", dir.resolve(b.path("file_name").asText()).toString(), "-C", out.toString())
                    .redirectErrorStream(true).start();
            assertThat(tar.waitFor()).isZero();
            Path db = out.resolve("database/cartographus.duckdb");
            assertThat(count(db, "SELECT count(*) FROM playback_events")).isEqualTo(50);
            assertThat(count(db, "SELECT count(*) FROM playback_events WHERE id >= 'evt-00000050'")).isZero();

            // When the pre-sync backup cannot be taken, the sync does not run and says why.
            Path aside = data.resolve("backups-aside");
            Files.move(dir, aside);
            Files.writeString(dir, "not a directory");
            AppProcess.Response refused = app.post("/api/v1/sync", t, Events.batch(10, 80));
            assertThat(refused.status()).as(refused.text()).isEqualTo(503);
            assertThat(refused.json().path("error").path("message").asText()).startsWith("sync not run: the pre-sync backup failed: ");
            assertThat(app.get("/api/v1/stats", t).json().path("total_playbacks").asLong()).isEqualTo(80);
            Files.delete(dir);
            Files.move(aside, dir);
        }
    }
}
