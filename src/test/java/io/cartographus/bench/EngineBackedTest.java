package io.cartographus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.engine.Engine;
import io.cartographus.Main;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.catalog.Catalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the harness that drive a real engine on real files. */
class EngineBackedTest {
    @TempDir
    Path tmp;

    private Engines engines(Workspace ws) throws Exception {
        ws.prepare();
        return new Engines.Factory(new Main()::engine).at(ws.work(), ws.data(), ws.backups());
    }

    @Test
    void demo_database_is_seeded_once_and_reused_while_the_event_count_is_the_same() throws Exception {
        Workspace ws = new Workspace(tmp);
        Engines engines = engines(ws);
        DemoDatabase.Seeded first = DemoDatabase.ensure(engines, ws.seedMarker(), 2_000);
        assertThat(first.reused()).isFalse();
        assertThat(first.bytes()).isPositive();
        DemoDatabase.Seeded again = DemoDatabase.ensure(engines, ws.seedMarker(), 2_000);
        assertThat(again.reused()).isTrue();
        assertThat(again.seedSeconds()).isEqualTo(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.1f", first.seedSeconds())));
        DemoDatabase.Seeded bigger = DemoDatabase.ensure(engines, ws.seedMarker(), 3_000);
        assertThat(bigger.reused()).isFalse();
        try (Engine e = engines.open(Setting.ZSTD3)) {
            long rows = e.database().read(c -> {
                try (var s = c.createStatement(); var r = s.executeQuery("SELECT count(*) FROM playback_events")) {
                    r.next();
                    return r.getLong(1);
                }
            });
            assertThat(rows).as("a new seed starts from an empty database").isEqualTo(3_000);
        }
    }

    @Test
    void writer_load_commits_its_rows_and_times_every_transaction() throws Exception {
        Workspace ws = new Workspace(tmp);
        try (Engine e = engines(ws).open(Setting.ZSTD3)) {
            WriterLoad load = new WriterLoad(e.database(), "t", Duration.ofMillis(10), 3);
            load.start();
            Thread.sleep(400);
            Samples s = load.stop();
            assertThat(s.count()).isBetween(5, 60);
            assertThat(load.failures()).isZero();
            long rows = e.database().read(c -> {
                try (var st = c.createStatement(); var r = st.executeQuery("SELECT count(*) FROM playback_events WHERE id LIKE 'bench-t-%'")) {
                    r.next();
                    return r.getLong(1);
                }
            });
            assertThat(rows).isEqualTo(3L * s.count());
            assertThat(s.min()).isPositive();
        }
    }

    @Test
    void synthetic_catalog_opens_with_every_record_as_written() throws Exception {
        Workspace ws = new Workspace(tmp);
        try (Engine e = engines(ws).create(Setting.GZIP6)) {
            Path dir = tmp.resolve("many");
            List<BackupRecord> written = SyntheticCatalog.write(dir, 450, Instant.parse("2026-06-01T00:00:00Z"), e.json());
            Catalog c = Catalog.open(dir, e.json());
            assertThat(c.startupNotes()).isEmpty();
            assertThat(c.all()).hasSize(450).containsExactlyInAnyOrderElementsOf(written);
            Map<BackupStatus, Long> byStatus = c.all().stream().collect(Collectors.groupingBy(BackupRecord::status, Collectors.counting()));
            assertThat(byStatus).containsKeys(BackupStatus.COMPLETED, BackupStatus.FAILED, BackupStatus.CORRUPTED);
            assertThat(CatalogScale.candidates(c.all())).hasSize(450);
            assertThat(Files.exists(dir.resolve("metadata.json"))).isTrue();
        }
    }

    @Test
    void engines_read_only_the_variables_given_and_encrypt_only_when_asked() throws Exception {
        Workspace ws = new Workspace(tmp);
        Engines engines = engines(ws);
        Function<Setting, Engine> make = engines::create;
        // One engine at a time: an engine locks DATA_DIR.
        try (Engine plain = make.apply(Setting.ZSTD3)) {
            assertThat(plain.config().backup().encryption().enabled()).isFalse();
            assertThat(plain.config().backup().verify()).isFalse();
            assertThat(plain.config().backup().backupDir()).isEqualTo(ws.backups());
        }
        try (Engine enc = make.apply(Setting.ZSTD3_ENCRYPTED)) {
            assertThat(enc.config().backup().encryption().enabled()).isTrue();
            assertThat(enc.config().backup().encryption().key()).hasSize(40);
        }
    }
}
