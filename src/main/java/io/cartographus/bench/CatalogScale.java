package io.cartographus.bench;

import io.cartographus.Engine;
import io.cartographus.api.ApiParts;
import io.cartographus.api.ApiServer;
import io.cartographus.api.StatusSources;
import io.cartographus.auth.Role;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupType;
import io.cartographus.catalog.Catalog;
import io.cartographus.catalog.Trigger;
import io.cartographus.fs.TempFiles;
import io.cartographus.host.EventParser;
import io.cartographus.host.PreSyncHook;
import io.cartographus.host.Stats;
import io.cartographus.host.SyncService;
import io.cartographus.retention.Retention;
import io.cartographus.retention.RetentionCandidate;
import io.cartographus.retention.RetentionPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The catalog at scale: a synthetic backup directory with {@code count} records, opened by a real
 * engine, and the list and status endpoints timed over HTTP as a dashboard would call them, the
 * retention plan timed in process, and the CLI timed as a new process.
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
        Workspace ws = new Workspace(dir);
        ws.prepare();
        Engines engines = factory.at(dir, ws.data(), ws.backups());
        Instant now = Instant.now();
        try (Engine first = engines.create(Setting.GZIP6)) {
            SyntheticCatalog.write(ws.backups(), count, now, first.json());
        }
        try (Engine e = engines.create(Setting.GZIP6)) {
            Samples open = new Samples();
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                Catalog.open(ws.backups(), e.json());
                open.addNanos(System.nanoTime() - t0);
            }
            Catalog catalog = e.catalog();
            Samples all = repeat(samples, () -> catalog.all().size());
            RetentionPolicy policy = e.config().backup().retention();
            Samples retention = repeat(samples, () -> Retention.plan(candidates(catalog.all()), policy, now, ZoneOffset.UTC));
            Samples put = new Samples();
            for (int i = 0; i < Math.min(samples, 5); i++) {
                BackupRecord r = BackupRecord.starting(String.format("%s-full-%d", "20990101-000000", i + 2), BackupType.FULL,
                        Trigger.MANUAL, now, null, "bench");
                long t0 = System.nanoTime();
                catalog.put(r);
                put.addNanos(System.nanoTime() - t0);
                catalog.remove(r.id());
            }
            Http http = Http.serve(e);
            try {
                Samples list = http.repeat(samples, "/api/v1/backup/list");
                Samples filtered = http.repeat(samples, "/api/v1/backup/list?type=full&status=completed&trigger=scheduled&limit=50&offset=100");
                Samples status = http.repeat(samples, "/api/v1/backup/status");
                Map<String, String> env = Map.of("DATA_DIR", ws.data().toString(), "BACKUP_DIR", ws.backups().toString());
                Path empty = dir.resolve("empty");
                Map<String, String> emptyEnv = Map.of("DATA_DIR", empty.toString());
                return new Result(count, open, all, put, retention, list, filtered, status,
                        cliTimes(dir, cliRuns, emptyEnv, "backup", "list", "--offline"),
                        cliTimes(dir, cliRuns, env, "backup", "list", "--offline"),
                        cliTimes(dir, cliRuns, env, "backup", "status", "--offline"));
            } finally {
                http.stop();
            }
        } finally {
            TempFiles.deleteRecursively(dir);
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

    /** The real API server on a free loopback port, with a viewer token. */
    private record Http(ApiServer server, HttpClient client, URI base, String token) {
        static Http serve(Engine e) {
            ApiParts parts = new ApiParts(e.database(), new SyncService(e.database(), PreSyncHook.NONE, e.pause()::paused),
                    new EventParser(e.json()), new Stats(e.database()), e.pause(), e.backups(), e.verifier(), e.restore(),
                    new StatusSources(true, () -> false, () -> null), e.tokens(), e.audit(), e.metrics(), e.json());
            ApiServer server = ApiServer.create("127.0.0.1", 0, parts).start();
            String token = e.tokens().create("bench", Role.VIEWER).token();
            return new Http(server, HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + server.port()), token);
        }

        Samples repeat(int samples, String path) throws IOException, InterruptedException {
            HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token).GET().build();
            Samples s = new Samples();
            for (int i = 0; i < WARM_UP + samples; i++) {
                long t0 = System.nanoTime();
                HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                long took = System.nanoTime() - t0;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + new String(r.body()));
                }
                if (i >= WARM_UP) {
                    s.addNanos(took);
                }
            }
            return s;
        }

        void stop() {
            server.stop();
        }
    }
}
