package io.cartographus.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.archive.ArchiveReader;
import io.cartographus.config.Compression;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Trigger;
import io.cartographus.testing.Archives;
import io.cartographus.testing.TestEngine;
import io.cartographus.validate.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The whole backup pipeline on a real DuckDB file while writers keep committing. */
class BackupJobTest {
    @TempDir
    Path tmp;

    @Test
    void backups_taken_while_writers_commit_each_restore_to_one_commit_point() throws Exception {
        try (TestEngine f = TestEngine.on(tmp.resolve("data")).compressed(Compression.ZSTD).start()) {
            f.seed(200_000);
            // The totals after each committed write: a consistent backup holds exactly one of them. (No
            // counter table of the test's own: an archive with a table we do not create is refused.)
            Set<Long> committed = ConcurrentHashMap.newKeySet();
            committed.add(0L);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong next = new AtomicLong();
            Thread writer = new Thread(() -> {
                while (!stop.get()) {
                    long n = next.get() % 5 == 0 ? 220_000 : 40;
                    long start = next.get();
                    f.engine().database().write(c -> {
                        try (Statement s = c.createStatement()) {
                            s.execute("INSERT INTO playback_events SELECT 'w' || i, 1, NULL, NULL, NULL, now(), now(), NULL, NULL, NULL, NULL, "
                                    + "NULL, NULL, NULL, NULL, now() FROM range(" + start + ", " + (start + n) + ") t(i)");
                        }
                        return null;
                    });
                    committed.add(next.addAndGet(n));
                }
            });
            writer.start();
            List<BackupRecord> done = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Thread.sleep(200);
                    done.add(f.engine().backups().create(new BackupRequest(BackupType.DATABASE, Trigger.MANUAL, "under load " + i)));
                }
            } finally {
                stop.set(true);
                writer.join();
            }
            for (BackupRecord r : done) {
                assertThat(r.status()).isEqualTo(BackupStatus.COMPLETED);
                Path work = Files.createDirectories(tmp.resolve("check-" + r.id()));
                var inspection = f.engine().verifier().inspect(r, work);
                ValidationReport v = inspection.report();
                assertThat(v.valid()).as(v.errors().toString()).isTrue();
                Properties p = new Properties();
                p.setProperty("duckdb.read_only", "true");
                try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + inspection.databaseFile(), p);
                     Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE id LIKE 'w%') FROM playback_events")) {
                    rs.next();
                    assertThat(committed).as("backup %s: the written rows are one commit point's total", r.id()).contains(rs.getLong(1));
                    assertThat(r.tables().get("playback_events")).isEqualTo(200_000 + rs.getLong(1));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void archives_list_with_the_real_tar_and_pass_sha256sum_and_hold_no_secret(Compression compression) throws Exception {
        String secret = "s3cr3t-webhook-token-must-not-leak";
        TestEngine.Setup withSecrets = TestEngine.on(tmp.resolve("data")).compressed(compression)
                .with(Map.of("BACKUP_WEBHOOK_URL", "https://hooks.example.com/services/" + secret,
                        "BACKUP_ENCRYPTION_KEY", secret + "-0123456789abcdef0123456789", "CARTOGRAPHUS_ADMIN_TOKEN", secret));
        try (TestEngine f = withSecrets.start()) {
            Path backups = f.backupDir();
            f.seed(1000);
            BackupRecord r = f.backup(BackupType.FULL);
            String list = switch (compression) {
                case GZIP -> Archives.run(backups, "tar", "-tzf", r.fileName());
                case ZSTD -> Archives.run(backups, "tar", "--zstd", "-tf", r.fileName());
                case NONE -> Archives.run(backups, "tar", "-tf", r.fileName());
            };
            assertThat(list.lines()).containsExactly("database/cartographus.duckdb", "config/config.json", "manifest.json");
            assertThat(Archives.run(backups, "sha256sum", "-c", "backup-" + r.id() + ".sha256")).contains(": OK");
            try (InputStream in = Files.newInputStream(backups.resolve(r.fileName()))) {
                StringBuilder all = new StringBuilder();
                ArchiveReader.scan(in, compression, ArchiveReader.Limits.unlimited(),
                        (name, size, content) -> all.append(new String(content.readAllBytes(), StandardCharsets.ISO_8859_1)));
                assertThat(all.toString()).doesNotContain(secret).contains("BACKUP_TYPE").contains("\"backup_id\" : \"" + r.id() + "\"");
            }
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(backups.resolve(r.fileName()))))
                    .isEqualTo("rw-r-----");
        }
    }
}
