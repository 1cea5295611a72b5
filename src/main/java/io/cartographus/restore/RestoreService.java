package io.cartographus.restore;

import io.cartographus.backup.BackupJob;
import io.cartographus.backup.BackupRequest;
import io.cartographus.backup.OperationLock;
import io.cartographus.catalog.BackupId;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupType;
import io.cartographus.catalog.Catalog;
import io.cartographus.catalog.Trigger;
import io.cartographus.database.Database;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.TempFiles;
import io.cartographus.log.LogContext;
import io.cartographus.validate.ArchiveVerifier;
import io.cartographus.validate.Inspection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Carries out SPEC §6 step by step; see the package documentation for the order and why. */
public final class RestoreService {
    private static final Logger log = LoggerFactory.getLogger(RestoreService.class);

    private final Database database;
    private final Catalog catalog;
    private final ArchiveVerifier verifier;
    private final BackupJob backups;
    private final RestoreContext ctx;
    private final DatabaseSwap swap;
    private final ConfigRestore config;

    public RestoreService(Database database, Catalog catalog, ArchiveVerifier verifier, BackupJob backups, RestoreContext ctx) {
        this.database = database;
        this.catalog = catalog;
        this.verifier = verifier;
        this.backups = backups;
        this.ctx = ctx;
        this.swap = new DatabaseSwap(database, ctx.crashPoints());
        this.config = new ConfigRestore(ctx.configEnvFile());
    }

    /** Restores backup {@code idOrLatest} ("latest": the newest completed backup with a database that validates). */
    public RestoreResponse restore(String idOrLatest, RestoreOptions o) {
        boolean latest = "latest".equals(idOrLatest);
        if (!latest) {
            BackupId.require(idOrLatest);
        }
        long t0 = System.nanoTime();
        try (OperationLock.Lease lease = ctx.lock().acquire("restore of " + idOrLatest);
             LogContext logContext = LogContext.open("restore", latest ? null : idOrLatest)) {
            Path work = workDirectory();
            Chosen chosen = null;
            try {
                chosen = latest ? latest(o, work) : chosen(idOrLatest, o, work);
                lease.rename("restore of " + chosen.record.id());
                logContext.backupId(chosen.record.id());
                RestoreResponse r = carryOut(chosen, o, t0);
                ctx.listener().finished(chosen.record, r);
                return r;
            } catch (BackupException e) {
                if (chosen != null) {
                    // Metrics and the restore.failed notification hear of refusals that end in an error too.
                    ctx.listener().finished(chosen.record, response(chosen.record, null, false, false, 0, t0, false, List.of(),
                            List.of(e.getMessage()), null, RestoreResponse.Outcome.FAILED));
                }
                throw e;
            } finally {
                deleteQuietly(work);
            }
        }
    }

    /** @param skipped newer backups that did not validate (for "latest"), so that the response can say why */
    private record Chosen(BackupRecord record, Inspection inspection, List<String> skipped) {
    }

    private Chosen chosen(String id, RestoreOptions o, Path work) {
        BackupRecord r = catalog.get(id).orElseThrow(() -> new BackupException(ErrorKind.NOT_FOUND, "backup " + id + " not found"));
        if (!r.isCompleted() && !o.forceOrDefault()) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "backup " + id + " is " + r.status().label() + ", not completed: it cannot be restored");
        }
        return new Chosen(r, verifier.inspect(r, candidateDir(work, r)), List.of());
    }

    private Chosen latest(RestoreOptions o, Path work) {
        List<String> rejected = new ArrayList<>();
        for (BackupRecord r : catalog.all()) {
            if (!r.isCompleted() || !r.hasDatabase()) {
                continue;
            }
            Path dir = candidateDir(work, r);
            Inspection i = verifier.inspect(r, dir);
            if (i.report().valid() || o.forceOrDefault() && i.forceable()) {
                return new Chosen(r, i, rejected);
            }
            rejected.add(r.id() + ": " + i.report().summary());
            deleteQuietly(dir);
        }
        throw new BackupException(ErrorKind.NOT_FOUND, rejected.isEmpty()
                ? "no completed backup with a database exists"
                : "no completed backup with a database validates: " + String.join(" | ", rejected));
    }

    private RestoreResponse carryOut(Chosen chosen, RestoreOptions o, long t0) {
        BackupRecord r = chosen.record;
        Inspection ins = chosen.inspection;
        List<String> warnings = new ArrayList<>(ins.report().warnings());
        // A newer backup may fail only for want of its key: restoring an older one must not go unnoticed.
        chosen.skipped.forEach(s -> warnings.add("skipped a newer backup that does not validate: " + s));
        List<String> errors = new ArrayList<>();
        boolean force = o.forceOrDefault();
        if (!ins.report().valid()) {
            if (!force || o.validateOnlyOrDefault()) {
                return response(r, null, false, false, 0, t0, false, warnings, ins.report().errors(), ins,
                        o.validateOnlyOrDefault() ? RestoreResponse.Outcome.VALIDATED_ONLY : RestoreResponse.Outcome.REFUSED_INVALID);
            }
            if (!ins.forceable()) {
                // force_restore skips the checks of content; it never restores from an archive that did
                // not read cleanly (hostile entries, truncation): what was extracted cannot be trusted at all.
                List<String> why = new ArrayList<>(ins.report().errors());
                why.add(ins.untrusted() ? "force_restore does not apply: the archive holds what cartographus does not write"
                        : "force_restore does not apply: the archive itself does not read cleanly");
                return response(r, null, false, false, 0, t0, false, warnings, why, ins, RestoreResponse.Outcome.REFUSED_INVALID);
            }
            warnings.add("force_restore: restoring although validation failed: " + ins.report().summary());
        }
        if (o.validateOnlyOrDefault()) {
            return response(r, null, false, false, 0, t0, false, warnings, errors, ins, RestoreResponse.Outcome.VALIDATED_ONLY);
        }
        boolean restoreDb = o.restoreDatabase() == null ? r.type().hasDatabase() : o.restoreDatabase();
        boolean restoreConfig = o.restoreConfig() == null ? r.type().hasConfig() : o.restoreConfig();
        // With force_restore, "no database" may really mean "could not be read" (e.g. its key is missing): say which.
        String unreadable = ins.report().valid() ? "" : " that could be read (" + ins.report().summary() + ")";
        if (restoreDb && (!r.type().hasDatabase() || ins.databaseFile() == null)) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "backup " + r.id() + " (" + r.type().label() + ") contains no database to restore" + unreadable);
        }
        if (restoreConfig && (!r.type().hasConfig() || ins.configDocument() == null)) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "backup " + r.id() + " (" + r.type().label() + ") contains no configuration to restore" + unreadable);
        }
        if (restoreDb && !o.stopServicesOrDefault()) {
            throw new BackupException(ErrorKind.INVALID_REQUEST,
                    "a database restore needs stop_services=true: the database is closed and swapped while it runs");
        }
        if (!restoreDb && !restoreConfig) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "nothing to restore: restore_database and restore_config are both false");
        }
        if (restoreDb) {
            // Paused before the safety backup, not just for the swap: a sync between the two would be
            // in neither the safety backup nor the restored database, and lost without a word.
            ctx.pause().pause("restore of " + r.id() + " in progress");
        }
        try {
            return restoreFiles(r, ins, o, restoreDb, restoreConfig, warnings, errors, t0);
        } finally {
            if (restoreDb) {
                ctx.pause().resume();
            }
        }
    }

    private RestoreResponse restoreFiles(BackupRecord r, Inspection ins, RestoreOptions o, boolean restoreDb, boolean restoreConfig,
                                         List<String> warnings, List<String> errors, long t0) {
        boolean liveHasData = !restoreDb || liveHasData();
        String preRestoreId = null;
        if (o.preRestoreBackupOrDefault()) {
            if (liveHasData) {
                preRestoreId = preRestoreBackup(r, o.forceOrDefault(), warnings);
            } else {
                // A fresh start (complete-loss recovery): a safety copy of nothing would only become the
                // "latest" backup and make a later restore/latest bring back an empty database.
                warnings.add("the live database holds no data: no pre-restore backup was needed");
            }
        }
        long records = 0;
        boolean dbRestored = false;
        if (restoreDb) {
            String keepAs = preRestoreId == null && liveHasData ? keepName(r) : null;
            DatabaseSwap.Result result = swap.run(r, ins, o.verifyOrDefault(), keepAs);
            warnings.addAll(result.warnings());
            if (!result.ok()) {
                errors.addAll(result.errors());
                return response(r, preRestoreId, false, false, 0, t0, false, warnings, errors, null, RestoreResponse.Outcome.ROLLED_BACK);
            }
            records = result.records();
            dbRestored = true;
        }
        boolean configRestored = restoreConfig && config.apply(ins.configDocument(), warnings, errors);
        return response(r, preRestoreId, dbRestored, configRestored, records, t0, configRestored, warnings, errors, null,
                errors.isEmpty() ? RestoreResponse.Outcome.RESTORED : RestoreResponse.Outcome.FAILED);
    }

    /** Where the previous database is kept: never over an earlier kept file (a second restore of the same backup). */
    private String keepName(BackupRecord r) {
        String base = database.file().getFileName() + ".replaced-" + r.id();
        String name = base;
        for (int n = 2; Files.exists(database.file().resolveSibling(name)); n++) {
            name = base + "-" + n;
        }
        return name;
    }

    private String preRestoreBackup(BackupRecord r, boolean force, List<String> warnings) {
        if (!database.isOpen()) {
            String why = "the live database is unavailable (" + database.unavailableReason() + "), so no pre-restore backup can be taken";
            if (!force) {
                throw new BackupException(ErrorKind.UNAVAILABLE, why,
                        "restore with create_pre_restore_backup=false (the current file is kept aside) or force_restore=true", null);
            }
            warnings.add(why);
            return null;
        }
        try {
            return backups.run(new BackupRequest(BackupType.FULL, Trigger.PRE_RESTORE, "before restoring " + r.id())).id();
        } catch (BackupException e) {
            if (!force) {
                throw new BackupException(e.kind(), "restore refused: the pre-restore backup failed: " + e.getMessage(),
                        "free space, or restore with force_restore=true", e);
            }
            warnings.add("force_restore: continuing without a pre-restore backup: " + e.getMessage());
            return null;
        }
    }

    /**
     * Whether the live database holds anything worth a safety copy: a row in any table but the schema
     * version. An unavailable database counts as holding data (it may be the corrupt file an operator
     * wants to keep).
     */
    private boolean liveHasData() {
        if (!database.isOpen()) {
            return true;
        }
        try {
            return database.read(RestoreService::anyRows);
        } catch (BackupException e) {
            return true;
        }
    }

    private static boolean anyRows(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                     + "AND schema_name = 'main' AND NOT temporary AND table_name <> 'schema_version'")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        for (String t : tables) {
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT EXISTS (SELECT 1 FROM \"" + t.replace("\"", "\"\"") + "\")")) {
                if (r.next() && r.getBoolean(1)) {
                    return true;
                }
            }
        }
        return false;
    }

    private RestoreResponse response(BackupRecord r, String preId, boolean db, boolean config, long records, long t0,
                                     boolean restart, List<String> warnings, List<String> errors, Inspection validation,
                                     RestoreResponse.Outcome outcome) {
        boolean success = outcome == RestoreResponse.Outcome.RESTORED || outcome == RestoreResponse.Outcome.VALIDATED_ONLY
                && (validation == null || validation.report().valid());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        log.info("restore of {} ended: {} in {} ms", r.id(), outcome, ms);
        return new RestoreResponse(success, r.id(), preId, db, config, records, ms, restart, List.copyOf(warnings),
                List.copyOf(errors), validation == null ? null : validation.report(), outcome);
    }

    private Path workDirectory() {
        Path dir = database.file().getParent();
        try {
            Files.createDirectories(dir);
            return Files.createTempDirectory(dir, AtomicFile.TEMP_PREFIX + "restore-");
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot create a work directory next to " + database.file() + ": " + e.getMessage(), e);
        }
    }

    private static Path candidateDir(Path work, BackupRecord r) {
        try {
            return Files.createDirectories(work.resolve(r.id()));
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot create " + work.resolve(r.id()) + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            TempFiles.deleteRecursively(p);
        } catch (IOException e) {
            log.warn("could not remove work directory {}: {}", p, e.getMessage());
        }
    }
}
