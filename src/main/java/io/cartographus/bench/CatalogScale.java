package io.cartographus.bench;

import io.cartographus.engine.Engine;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Catalog;
import io.cartographus.catalog.Trigger;
import io.cartographus.fs.TempFiles;
import io.cartographus.retention.Retention;
import io.cartographus.retention.RetentionCandidate;
import io.cartographus.config.RetentionPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The catalog at scale: a synthetic backup directory with {@code count} records, opened by a real
 * engine; the retention plan timed in process; the list and status endpoints timed over HTTP on
 * the real server (a child process), as a dashboard calls them; and the CLI timed as new processes.
 */
final class CatalogScale {
    static final int WARM_UP = 5;

    /** The timings, in milliseconds. */
    record Result(int count, Samples open, Samples all, Samples put, Samples retention, Samples list, Samples listFiltered,
                  Samples status, Samples cliEmpty, Samples cliList, Samples cliStatus) {
    }

    private final Engines.Factory factory;
    private final ChildJvm cli;

    CatalogScale(Engines.Factory factory, ChildJvm cli) {
        this.factory = factory;
        this.cli = cli;
    }

    Result measure(Path dir, int count, int samples, int cliRuns) throws IOException, InterruptedException {
        TempFiles.deleteRecursively(dir);
        try {
            return measureIn(new Workspace(dir), count, samples, cliRuns);
        } finally {
            TempFiles.deleteRecursively(dir);
        }
    }

    private Result measureIn(Workspace ws, int count, int samples, int cliRuns) throws IOException, InterruptedException {
        Path dir = ws.work();
        ws.prepare();
        Engines engines = factory.at(dir, ws.data(), ws.backups());
        Instant now = Instant.now();
        try (Engine first = engines.create(Setting.GZIP6)) {
            SyntheticCatalog.write(ws.backups(), count, now, first.json());
        }
        Samples open = new Samples();
        Samples all;
        Samples retention;
        Samples put = new Samples();
        try (Engine e = engines.create(Setting.GZIP6)) {
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                Catalog.open(ws.backups(), e.json());
                open.addNanos(System.nanoTime() - t0);
            }
            Catalog catalog = e.catalog();
            all = repeat(samples, () -> catalog.all().size());
            RetentionPolicy policy = e.config().backup().retention();
            retention = repeat(samples, () -> Retention.plan(candidates(catalog.all()), policy, now, ZoneOffset.UTC));
            for (int i = 0; i < Math.min(samples, 5); i++) {
                BackupRecord r = BackupRecord.starting(String.format("%s-full-%d", "20990101-000000", i + 2), BackupType.FULL,
                        Trigger.MANUAL, now, null, "bench");
                long t0 = System.nanoTime();
                catalog.put(r);
                put.addNanos(System.nanoTime() - t0);
                catalog.remove(r.id());
            }
        }
        try (ServerProcess server = ServerProcess.start(cli, ws.data(), ws.backups())) {
            Samples list = server.time("/api/v1/backup/list", WARM_UP, samples);
            Samples filtered = server.time("/api/v1/backup/list?type=full&status=completed&trigger=scheduled&limit=50&offset=100", WARM_UP, samples);
            Samples status = server.time("/api/v1/backup/status", WARM_UP, samples);
            server.close();
            Map<String, String> env = Map.of("DATA_DIR", ws.data().toString(), "BACKUP_DIR", ws.backups().toString());
            // An existing but empty data directory: offline commands refuse a missing one.
            Map<String, String> emptyEnv = Map.of("DATA_DIR", java.nio.file.Files.createDirectories(dir.resolve("empty")).toString());
            return new Result(count, open, all, put, retention, list, filtered, status,
                    cliTimes(dir, cliRuns, emptyEnv, "backup", "list", "--offline"),
                    cliTimes(dir, cliRuns, env, "backup", "list", "--offline"),
                    cliTimes(dir, cliRuns, env, "backup", "status", "--offline"));
        }
    }

    private Samples cliTimes(Path dir, int runs, Map<String, String> env, String... args) {
        Samples s = new Samples();
        for (int i = 0; i < runs; i++) {
            ChildJvm.Result r = cli.run(dir, env, args);
            if (!r.ok()) {
                throw new IllegalStateException(String.join(" ", args) + " failed: " + r.output());
            }
            s.addNanos(r.nanos());
        }
        return s;
    }

    static List<RetentionCandidate> candidates(List<BackupRecord> all) {
        return all.stream().map(r -> new RetentionCandidate(r.id(), r.createdAt(), r.type(), r.status().label(),
                r.verification() != null && r.verification().passed(), false)).toList();
    }

    private static Samples repeat(int samples, Supplier<?> work) {
        for (int i = 0; i < WARM_UP; i++) {
            work.get();
        }
        Samples s = new Samples();
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            work.get();
            s.addNanos(System.nanoTime() - t0);
        }
        return s;
    }
}
