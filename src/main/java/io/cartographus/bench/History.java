package io.cartographus.bench;

import io.cartographus.backup.BackupRequest;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.Trigger;
import io.cartographus.config.BackupType;
import io.cartographus.engine.Engine;
import io.cartographus.fs.TempFiles;
import io.cartographus.host.PlaybackEvent;
import io.cartographus.host.PreSyncHook;
import io.cartographus.host.SyncService;
import io.cartographus.restore.RestoreOptions;
import io.cartographus.restore.RestoreResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A history of simulated days on a copy of the demo database: each day changes 1 % of it (more
 * events through the sync path, or an update of existing rows), then takes one backup by each of
 * our deduplicated backup, our plain zstd backup, restic and borg. The tools are fed a copy of the
 * database file made while nothing writes to it (the engine closed, so the copy is exactly the
 * committed state our backups saw), each keeping its own repository, so every row of the report
 * compares the same bytes. Bytes added are measured on disk: what the backup directory or the
 * repository grew by, sidecars, indexes and chunk lists included.
 */
final class History {
    /** What a day changes. */
    enum Change {
        APPEND("1 % more events, through the sync path"),
        UPDATE("1 % of the events updated in place");

        final String description;

        Change(String description) {
            this.description = description;
        }
    }

    /** One day's backups: bytes each store grew by and how long each took. */
    record Day(int day, long dedupBytes, long dedupNanos, long zstdBytes, long zstdNanos, long resticBytes, long resticNanos,
               long borgBytes, long borgNanos) {
    }

    /** A series: day 0 is the first backup of the unchanged database, days 1.. the changes. */
    record Series(Change change, long databaseBytesStart, long databaseBytesEnd, List<Day> days, long dedupTotal, long zstdTotal,
                  long resticTotal, long borgTotal, long restoreOldestNanos, long restoreNewestNanos, long untarNanos,
                  Samples writerBaseline, Samples writerDuringDedup, int writerFailures) {
    }

    /** Database only, no safety backup: what the tools' copies hold too. */
    private static final RestoreOptions RESTORE = new RestoreOptions(false, false, true, true, false, false, false);
    private static final Map<String, String> RESTIC_ENV = Map.of("RESTIC_PASSWORD", "bench");
    private static final Map<String, String> BORG_ENV = Map.of("BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK", "yes",
            "BORG_RELOCATED_REPO_ACCESS_IS_OK", "yes");
    private static final int SYNC_BATCH = 10_000;
    /** Deduplicated backups taken with the writer running, after the last day: enough commits for a p99. */
    static final int STALL_ROUNDS = 3;

    private final Engines.Factory factory;
    private final Path work;
    private final PrintStream progress;
    private final Duration stallWindow;

    /** @param stallWindow the shortest time the writer runs without a backup, before each probed backup */
    History(Engines.Factory factory, Path work, PrintStream progress, Duration stallWindow) {
        this.factory = factory;
        this.work = work;
        this.progress = progress;
        this.stallWindow = stallWindow;
    }

    /** Runs {@code days} days of {@code change} on a fresh copy of {@code database}. */
    Series run(Change change, Path database, int days) throws IOException {
        Path root = work.resolve("history-" + change.name().toLowerCase(java.util.Locale.ROOT));
        TempFiles.deleteRecursively(root);
        Path data = Files.createDirectories(root.resolve("data"));
        Path dedupDir = Files.createDirectories(root.resolve("dedup"));
        Path zstdDir = Files.createDirectories(root.resolve("zstd"));
        Path copyDir = Files.createDirectories(root.resolve("copy"));
        Path restic = root.resolve("restic");
        Path borg = root.resolve("borg");
        Files.copy(database, data.resolve(Workspace.DATABASE));
        Tools.run(root, RESTIC_ENV, List.of("restic", "-q", "--no-cache", "-r", restic.toString(), "init"));
        Tools.run(root, BORG_ENV, List.of("borg", "init", "-e", "none", borg.toString()));
        Engines dedupEngines = factory.at(root, data, dedupDir);
        Engines zstdEngines = factory.at(root, data, zstdDir);
        long startBytes = Files.size(data.resolve(Workspace.DATABASE));

        List<Day> out = new ArrayList<>();
        List<String> dedupIds = new ArrayList<>();
        List<String> zstdFiles = new ArrayList<>();
        for (int day = 0; day <= days; day++) {
            Taken dedup;
            try (Engine e = dedupEngines.open(Setting.ZSTD3_DEDUP)) {
                if (day > 0) {
                    change(e, change, day);
                }
                dedup = backup(e, dedupDir, day);
                dedupIds.add(dedup.record().id());
            }
            Taken zstd;
            try (Engine e = zstdEngines.open(Setting.ZSTD3)) {
                zstd = backup(e, zstdDir, day);
                zstdFiles.add(zstd.record().fileName());
            }
            // Both engines are closed: the file is exactly what the backups above read.
            Files.copy(data.resolve(Workspace.DATABASE), copyDir.resolve(Workspace.DATABASE), StandardCopyOption.REPLACE_EXISTING);
            long resticBefore = treeBytes(restic);
            long resticNanos = timed(copyDir, RESTIC_ENV, "restic", "-q", "--no-cache", "-r", restic.toString(), "backup", Workspace.DATABASE);
            long borgBefore = treeBytes(borg);
            long borgNanos = timed(copyDir, BORG_ENV, "borg", "create", "--compression", "zstd,3", borg + "::day-" + day, Workspace.DATABASE);
            Day d = new Day(day, dedup.bytes(), dedup.nanos(), zstd.bytes(), zstd.nanos(), treeBytes(restic) - resticBefore, resticNanos,
                    treeBytes(borg) - borgBefore, borgNanos);
            out.add(d);
            progress.printf("bench: history %s day %d: dedup +%,d B in %d ms, zstd +%,d B, restic +%,d B, borg +%,d B%n",
                    change.name().toLowerCase(java.util.Locale.ROOT), day, d.dedupBytes(), d.dedupNanos() / 1_000_000, d.zstdBytes(),
                    d.resticBytes(), d.borgBytes());
            progress.flush();
        }
        long endBytes = Files.size(data.resolve(Workspace.DATABASE));
        long dedupTotal = treeBytes(dedupDir);
        long zstdTotal = treeBytes(zstdDir);

        long oldest;
        long newest;
        Samples baseline = new Samples();
        Samples during = new Samples();
        int failures = 0;
        try (Engine e = dedupEngines.open(Setting.ZSTD3_DEDUP)) {
            // After the totals and before the restores: the probe's rows and backups are in neither.
            Duration window = Duration.ofNanos(Math.max(stallWindow.toNanos(), (long) HistoryReport.median(out, Day::dedupNanos)));
            for (int round = 0; round < STALL_ROUNDS; round++) {
                StallProbe.Stall st = StallProbe.stall(e, window, "hist-" + round, "benchmark history: writer during a deduplicated backup");
                st.baseline().values().forEach(baseline::add);
                st.during().values().forEach(during::add);
                failures += st.failures();
            }
            oldest = restore(e, dedupIds.get(0));
            newest = restore(e, dedupIds.get(dedupIds.size() - 1));
        }
        Path into = Files.createDirectories(root.resolve("untar"));
        long untar = Tools.time(into, "tar", "-I", "zstd", "-xf", zstdDir.resolve(zstdFiles.get(zstdFiles.size() - 1)).toString());
        Series s = new Series(change, startBytes, endBytes, out, dedupTotal, zstdTotal, treeBytes(restic), treeBytes(borg),
                oldest, newest, untar, baseline, during, failures);
        TempFiles.deleteRecursively(root);
        return s;
    }

    /** One backup: its record, what {@code dir} grew by, and how long it took. */
    private record Taken(BackupRecord record, long bytes, long nanos) {
    }

    private static Taken backup(Engine e, Path dir, int day) throws IOException {
        long before = treeBytes(dir);
        long t0 = System.nanoTime();
        BackupRecord r = e.backups().create(new BackupRequest(BackupType.DATABASE, Trigger.MANUAL, "benchmark history day " + day));
        long nanos = System.nanoTime() - t0;
        return new Taken(r, treeBytes(dir) - before, nanos);
    }

    private static long restore(Engine e, String id) {
        long t0 = System.nanoTime();
        RestoreResponse r = e.restore().restore(id, RESTORE);
        long nanos = System.nanoTime() - t0;
        if (!r.success()) {
            throw new IllegalStateException("restore of " + id + " failed: " + r.errors());
        }
        return nanos;
    }

    /** One day's change: 1 % of the events the database holds. */
    private static void change(Engine e, Change change, int day) {
        long events = e.database().read(c -> {
            try (Statement s = c.createStatement(); var r = s.executeQuery("SELECT count(*) FROM playback_events")) {
                r.next();
                return r.getLong(1);
            }
        });
        long n = Math.max(1, events / 100);
        if (change == Change.APPEND) {
            SyncService sync = new SyncService(e.database(), PreSyncHook.NONE, () -> false);
            for (long done = 0; done < n; done += SYNC_BATCH) {
                sync.sync(events(day, done, (int) Math.min(SYNC_BATCH, n - done)));
            }
        } else {
            // Rows spread over the whole table, as corrections of old history would be; a different 1 % each day.
            e.database().write(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("UPDATE playback_events SET duration_s = duration_s + 1 WHERE hash(id || '" + day + "') % 100 = 0");
                }
            });
        }
        e.database().checkpoint();
    }

    private static List<PlaybackEvent> events(int day, long from, int n) {
        List<PlaybackEvent> out = new ArrayList<>(n);
        Instant start = Instant.parse("2026-11-01T20:00:00Z").plusSeconds(86_400L * day);
        for (int i = 0; i < n; i++) {
            long k = from + i;
            long user = 1 + k % 500;
            Instant at = start.plusSeconds(k % 86_000);
            out.add(new PlaybackEvent(String.format("hist-%03d-%09d", day, k), user, "user" + user, "Movie " + (k % 2000), "movie",
                    at, at.plusSeconds(5400), 5400, "198.51.100." + (k % 250), "Roku", "Living Room", "Berlin", "DE", 52.52, 13.405));
        }
        return out;
    }

    private static long timed(Path dir, Map<String, String> env, String... command) {
        long t0 = System.nanoTime();
        Tools.run(dir, env, List.of(command));
        return System.nanoTime() - t0;
    }

    static long treeBytes(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
