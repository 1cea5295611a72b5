package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's "rebuilding a deduplicated backup's database file by hand" works as written, without
 * Cartographus: scripts/rebuild-dedup-db.sh (tar, jq, zstd/gzip, sha256sum) turns a backup's chunks
 * back into a database file with the manifest's SHA-256, and DuckDB opens it with the backup's rows.
 */
class ManualRebuildIT {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"zstd", "gzip"})
    void a_deduplicated_backup_rebuilds_with_standard_tools_only(String compression) throws Exception {
        Path data = tmp.resolve("data");
        String id;
        try (AppProcess app = new AppProcess(data).withAdminToken().set("BACKUP_DEDUP", "true").set("BACKUP_VERIFY", "false")
                .set("BACKUP_COMPRESSION_ALGORITHM", compression).start()) {
            assertThat(app.post("/api/v1/sync", AppProcess.ADMIN, Events.batch(3000, 0)).status()).isEqualTo(200);
            AppProcess.Response made = app.post("/api/v1/backup/create", AppProcess.ADMIN, Map.of("type", "database"));
            assertThat(made.status()).as(made.text()).isEqualTo(200);
            id = made.json().path("id").asText();
            assertThat(app.post("/api/v1/sync", AppProcess.ADMIN, Events.batch(500, 3000)).status()).isEqualTo(200);
        }
        Path out = tmp.resolve("rebuilt.duckdb");
        Path script = Path.of("scripts/rebuild-dedup-db.sh").toAbsolutePath();
        String printed = Sh.ok(tmp, Map.of(), "'" + script + "' '" + data.resolve("backups") + "' " + id + " '" + out + "'");
        assertThat(printed).contains("rebuilt " + out);
        java.util.Properties readOnly = new java.util.Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + out, readOnly);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM playback_events")) {
            r.next();
            assertThat(r.getLong(1)).as("the backup's rows, not the live database's").isEqualTo(3000);
        }
        Sh.Result planted = Sh.run(tmp, Map.of(), "'" + script + "' '" + data.resolve("backups") + "' 20200101-000000-database '"
                + tmp.resolve("none.duckdb") + "'");
        assertThat(planted.exit()).isNotZero();
        assertThat(planted.err()).contains("no archive for backup 20200101-000000-database");
    }
}
