package io.cartographus.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cartographus.config.Compression;
import io.cartographus.catalog.Catalog;
import io.cartographus.database.Database;
import io.cartographus.validate.ArchiveVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real engine on real files: DuckDB database, catalog, backup job and verifier, without the server. */
final class EngineFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    final Database database;
    final Catalog catalog;
    final BackupJob job;
    final ArchiveVerifier verifier;
    final List<String> events = new CopyOnWriteArrayList<>();

    EngineFixture(Path dbDir, Path backupDir, Compression compression, long spaceMargin, BackupListener extra, String configJson) {
        database = new Database(dbDir.resolve("cartographus.duckdb"));
        database.open();
        catalog = Catalog.open(backupDir, JSON);
        BackupListener listener = new BackupListener() {
            @Override
            public void started(io.cartographus.catalog.BackupRecord r) {
                events.add("started " + r.id());
                extra.started(r);
            }

            @Override
            public void completed(io.cartographus.catalog.BackupRecord r) {
                events.add("completed " + r.id());
            }

            @Override
            public void failed(io.cartographus.catalog.BackupRecord r) {
                events.add("failed " + r.id());
            }
        };
        job = new BackupJob(database, catalog, new ArchiveSettings(compression, 3, 2, null, null),
                new BackupContext(() -> configJson.getBytes(StandardCharsets.UTF_8), listener, Clock.systemUTC(), "test", false, spaceMargin),
                JSON);
        verifier = new ArchiveVerifier(catalog.files(), null, JSON);
    }

    /** Adds {@code n} rows of playback events with fixed, non-trivial content. */
    void seed(long n) {
        database.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO playback_events SELECT 'e' || i, i % 97, 'user' || (i % 97), 'Title ' || i, 'movie', "
                        + "TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_seconds(i), TIMESTAMPTZ '2026-01-01 01:00:00+00' + to_seconds(i), "
                        + "3600, '10.0.' || (i % 250) || '.1', 'Web', 'Phone', 'Berlin', 'DE', 52.5, 13.4, now() FROM range(" + n + ") t(i)");
            }
            return null;
        });
    }

    @Override
    public void close() {
        database.close();
    }
}
