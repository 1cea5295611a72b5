package io.cartographus.bench;

import io.cartographus.engine.Engine;
import io.cartographus.backup.BackupRequest;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Trigger;
import io.cartographus.crypto.ArchiveCipher;
import io.cartographus.database.ReadOnlyDatabase;
import io.cartographus.database.TableStats;
import io.cartographus.restore.RestoreOptions;
import io.cartographus.restore.RestoreResponse;
import io.cartographus.validate.ValidationReport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One round: each of our operations next to the tool doing the same job on the same file. Within
 * a pair the order alternates from round to round, so that neither side always gets the warmer
 * page cache or the quieter moment.
 */
final class Round {
    /** Database only: the tools archive just the database file too. Restores never take a safety backup here. */
    private static final RestoreOptions RESTORE = new RestoreOptions(false, false, true, true, false, false, false);

    private final Engines engines;
    private final Workspace ws;
    private final Measurements m;
    private final int number;
    private final StallProbe stall;

    Round(Engines engines, Workspace ws, Measurements m, int number, StallProbe stall) {
        this.engines = engines;
        this.ws = ws;
        this.m = m;
        this.number = number;
        this.stall = stall;
    }

    void run() throws IOException {
        zstd();
        gzip();
        keySetUp();
        try (Engine e = engines.open(Setting.ZSTD3_ENCRYPTED)) {
            // As on a running server, where the next archive's key is derived ahead after each backup
            // (and at start): the measured backup is not the engine's first. The CLI's one-shot
            // --offline backup also derives its key (Argon2id) first; that cost is reported separately.
            e.backups().delete(e.backups().create(new BackupRequest(BackupType.DATABASE, Trigger.MANUAL, "benchmark warm-up")).id());
            StallProbe.sleep(KEY_AHEAD);
            BackupRecord r = backup(e, Op.BACKUP_ZSTD_ENCRYPTED);
            e.backups().delete(r.id());
        }
        try (Engine e = engines.open(Setting.NONE)) {
            BackupRecord[] r = new BackupRecord[1];
            pair(() -> r[0] = backup(e, Op.BACKUP_NONE), () -> tool(Op.TAR_NONE, "db.tar", "tar", "cf"));
            e.backups().delete(r[0].id());
        }
        ws.clearTools();
    }

    /** Time for the next archive's key to be derived in the background: a server's backups are hours apart. */
    private static final Duration KEY_AHEAD = Duration.ofSeconds(2);

    /** What a fresh cipher spends before the first byte of an archive: key derivation and warm-up. */
    private void keySetUp() {
        ArchiveCipher cipher = new ArchiveCipher("bench", Engines.generatedKey(40), Map.of());
        long c0 = CpuTime.own();
        long t0 = System.nanoTime();
        try (OutputStream out = cipher.encrypting(OutputStream.nullOutputStream())) {
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException("cannot set up an encrypted stream: " + e.getMessage(), e);
        }
        m.time(Op.KEY_DERIVATION, System.nanoTime() - t0);
        m.cpu(Op.KEY_DERIVATION, c0 < 0 ? -1 : CpuTime.own() - c0);
    }

    private void zstd() throws IOException {
        try (Engine e = engines.open(Setting.ZSTD3)) {
            BackupRecord[] r = new BackupRecord[1];
            pair(() -> r[0] = backup(e, Op.BACKUP_ZSTD), () -> tool(Op.TAR_ZSTD, "db.tar.zst", "tar", "-I", "zstd -3 -T0", "-cf"));
            Path copy = ws.tools().resolve("copy.duckdb");
            long c0 = CpuTime.children();
            m.time(Op.CP, Tools.time(ws.data(), "cp", Workspace.DATABASE, copy.toString()));
            m.cpu(Op.CP, c0 < 0 ? -1 : CpuTime.children() - c0);
            m.size(Op.CP, Files.size(copy));
            stall.measure(e, Duration.ofNanos((long) (m.times(Op.BACKUP_ZSTD).max() * 1e6)), number);
            validate(e, r[0], Op.VALIDATE_ZSTD);
            pair(() -> restore(e, r[0], Op.RESTORE_ZSTD), () -> untar(Op.UNTAR_ZSTD, "db.tar.zst"));
            long checkCpu = CpuTime.own();
            long t0 = System.nanoTime();
            ReadOnlyDatabase.inspect(copy, io.cartographus.config.DuckDbConfig.defaultsHere().forChecks());
            m.time(Op.DATABASE_CHECK, System.nanoTime() - t0);
            m.cpu(Op.DATABASE_CHECK, checkCpu < 0 ? -1 : CpuTime.own() - checkCpu);
            Files.delete(copy);
            e.backups().delete(r[0].id());
        }
    }

    private void gzip() throws IOException {
        try (Engine e = engines.open(Setting.GZIP6)) {
            BackupRecord[] r = new BackupRecord[1];
            pair(() -> r[0] = backup(e, Op.BACKUP_GZIP), () -> tool(Op.TAR_GZIP, "db.tar.gz", "tar", "czf"));
            validate(e, r[0], Op.VALIDATE_GZIP);
            pair(() -> restore(e, r[0], Op.RESTORE_GZIP), () -> untar(Op.UNTAR_GZIP, "db.tar.gz"));
            e.backups().delete(r[0].id());
        }
    }

    private BackupRecord backup(Engine e, Op op) {
        long c0 = CpuTime.own();
        long t0 = System.nanoTime();
        BackupRecord r = e.backups().create(new BackupRequest(BackupType.DATABASE, Trigger.MANUAL, "benchmark round " + number));
        m.time(op, System.nanoTime() - t0);
        m.cpu(op, c0 < 0 ? -1 : CpuTime.own() - c0);
        m.size(op, r.sizeBytes());
        return r;
    }

    /** Runs a tool that archives the database file into {@code tools/archive}. */
    private void tool(Op op, String archive, String... command) {
        Path out = ws.tools().resolve(archive);
        String[] full = java.util.Arrays.copyOf(command, command.length + 2);
        full[command.length] = out.toString();
        full[command.length + 1] = Workspace.DATABASE;
        long c0 = CpuTime.children();
        m.time(op, Tools.time(ws.data(), full));
        m.cpu(op, c0 < 0 ? -1 : CpuTime.children() - c0);
        m.size(op, out.toFile().length());
    }

    private void untar(Op op, String archive) {
        try {
            Path into = ws.emptyToolDir("x");
            long c0 = CpuTime.children();
            m.time(op, Tools.time(into, "tar", "xf", ws.tools().resolve(archive).toString()));
            m.cpu(op, c0 < 0 ? -1 : CpuTime.children() - c0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the extraction directory: " + e.getMessage(), e);
        }
    }

    private void validate(Engine e, BackupRecord r, Op op) {
        long c0 = CpuTime.own();
        long t0 = System.nanoTime();
        ValidationReport report = e.verifier().validate(r);
        m.time(op, System.nanoTime() - t0);
        m.cpu(op, c0 < 0 ? -1 : CpuTime.own() - c0);
        if (!report.valid()) {
            throw new IllegalStateException("backup " + r.id() + " did not validate: " + report.summary());
        }
    }

    private void restore(Engine e, BackupRecord r, Op op) {
        long c0 = CpuTime.own();
        long t0 = System.nanoTime();
        RestoreResponse response = e.restore().restore(r.id(), RESTORE);
        m.time(op, System.nanoTime() - t0);
        m.cpu(op, c0 < 0 ? -1 : CpuTime.own() - c0);
        if (!response.success()) {
            throw new IllegalStateException("restore of " + r.id() + " failed: " + response.errors());
        }
        long s0 = System.nanoTime();
        e.database().read(TableStats::compute);
        m.time(Op.LIVE_SCAN, System.nanoTime() - s0);
        try {
            ws.removeReplacedDatabases();
        } catch (IOException ex) {
            throw new IllegalStateException("cannot remove the database kept aside by the restore: " + ex.getMessage(), ex);
        }
    }

    private void pair(Runnable ours, Runnable tool) {
        if (number % 2 == 1) {
            ours.run();
            tool.run();
        } else {
            tool.run();
            ours.run();
        }
    }
}
