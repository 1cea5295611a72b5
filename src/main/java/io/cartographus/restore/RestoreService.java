package io.cartographus.restore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.backup.BackupJob;
import io.cartographus.backup.BackupRequest;
import io.cartographus.backup.Manifest;
import io.cartographus.backup.OperationLock;
import io.cartographus.catalog.BackupId;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupType;
import io.cartographus.catalog.Catalog;
import io.cartographus.catalog.Trigger;
import io.cartographus.config.ConfigSnapshot;
import io.cartographus.database.Database;
import io.cartographus.database.TableStats;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.Permissions;
import io.cartographus.fs.TempFiles;
import io.cartographus.log.LogContext;
import io.cartographus.validate.ArchiveVerifier;
import io.cartographus.validate.Inspection;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Carries out SPEC §6 step by step; see the package documentation for the order and why. */
public final class RestoreService {
    private static final Logger log = LoggerFactory.getLogger(RestoreService.class);
    /**
     * Settings a configuration restore never writes: where this machine keeps things, and the encryption
     * key id, which names one key — restored, it would pair a key set later with the wrong id.
     */
    private static final Set<String> MACHINE_SETTINGS = Set.of("DATA_DIR", "DUCKDB_PATH", "BACKUP_DIR", "HTTP_HOST",
            "HTTP_PORT", "MAINTENANCE_MODE", "BACKUP_ENCRYPTION_KEY_ID");

    private final Database database;
    private final Catalog catalog;
    private final ArchiveVerifier verifier;
    private final BackupJob backups;
    private final RestoreContext ctx;
    private final ObjectMapper json = new ObjectMapper();

    public RestoreService(Database database, Catalog catalog, ArchiveVerifier verifier, BackupJob backups, RestoreContext ctx) {
        this.database = database;
        this.catalog = catalog;
        this.verifier = verifier;
        this.backups = backups;
        this.ctx = ctx;
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
            try {
                Chosen chosen = latest ? latest(o, work) : chosen(idOrLatest, o, work);
                lease.rename("restore of " + chosen.record.id());
                logContext.backupId(chosen.record.id());
                RestoreResponse r = carryOut(chosen, o, work, t0);
                ctx.listener().finished(chosen.record, r);
                return r;
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
            if (i.report().valid() || o.forceOrDefault()) {
                return new Chosen(r, i, rejected);
            }
            rejected.add(r.id() + ": " + i.report().summary());
            deleteQuietly(dir);
        }
        throw new BackupException(ErrorKind.NOT_FOUND, rejected.isEmpty()
                ? "no completed backup with a database exists"
                : "no completed backup with a database validates: " + String.join(" | ", rejected));
    }

    private RestoreResponse carryOut(Chosen chosen, RestoreOptions o, Path work, long t0) {
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
        String preRestoreId = null;
        if (o.preRestoreBackupOrDefault()) {
            preRestoreId = preRestoreBackup(r, force, warnings);
        }
        long records = 0;
        boolean dbRestored = false;
        if (restoreDb) {
            SwapResult swap = swapDatabase(r, ins, o.verifyOrDefault(), preRestoreId == null);
            warnings.addAll(swap.warnings);
            if (!swap.ok) {
                errors.addAll(swap.errors);
                return response(r, preRestoreId, false, false, 0, t0, false, warnings, errors, null, RestoreResponse.Outcome.ROLLED_BACK);
            }
            records = swap.records;
            dbRestored = true;
        }
        boolean configRestored = false;
        if (restoreConfig) {
            configRestored = restoreConfig(ins.configDocument(), warnings, errors);
        }
        boolean ok = errors.isEmpty();
        return response(r, preRestoreId, dbRestored, configRestored, records, t0, configRestored, warnings, errors, null,
                ok ? RestoreResponse.Outcome.RESTORED : RestoreResponse.Outcome.FAILED);
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

    private record SwapResult(boolean ok, long records, List<String> warnings, List<String> errors) {
    }

    private SwapResult swapDatabase(BackupRecord r, Inspection ins, boolean verify, boolean keepPrevious) {
        Path live = database.file();
        RestoreJournal journal = new RestoreJournal(live);
        List<String> warnings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try {
            fsync(ins.databaseFile());
            Files.move(ins.databaseFile(), journal.incoming(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot place the restored database next to " + live + ": " + e.getMessage(), e);
        }
        ctx.pause().pause("restore of " + r.id() + " in progress");
        try {
            return database.exclusive("restore of " + r.id() + " in progress", () -> {
                try {
                    journal.begin();
                    boolean hadLive = Files.exists(live);
                    if (hadLive) {
                        Files.move(live, journal.aside(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    }
                    moveIfExists(RestoreJournal.wal(live), RestoreJournal.wal(journal.aside()));
                    Files.move(journal.incoming(), live, StandardCopyOption.ATOMIC_MOVE);
                    AtomicFile.syncDirectory(live.getParent());
                    String problem = reopenAndCheck(ins, verify);
                    if (problem != null) {
                        errors.add("the restored database failed verification: " + problem);
                        rollBack(live, journal, hadLive);
                        errors.add("rolled back: the previous database is in place again");
                        return new SwapResult(false, 0, warnings, errors);
                    }
                    journal.markDone();
                    long records = database.read(c -> countEvents(c));
                    if (hadLive) {
                        if (keepPrevious) {
                            Path kept = live.resolveSibling(live.getFileName() + ".replaced-" + r.id());
                            Files.move(journal.aside(), kept, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                            warnings.add("no pre-restore backup was taken: the previous database file is kept as " + kept);
                        } else {
                            Files.deleteIfExists(journal.aside());
                        }
                        Files.deleteIfExists(RestoreJournal.wal(journal.aside()));
                    }
                    journal.clear();
                    return new SwapResult(true, records, warnings, errors);
                } catch (IOException e) {
                    throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "restore of " + r.id() + " failed while swapping files: "
                            + e.getMessage() + " (" + journal.recover() + ")", e);
                }
            });
        } finally {
            ctx.pause().resume();
        }
    }

    /** Reopens the swapped-in file and, when asked, checks every table against the manifest. */
    private String reopenAndCheck(Inspection ins, boolean verify) {
        try {
            database.reopen();
        } catch (BackupException e) {
            return e.getMessage();
        }
        if (!verify || ins.manifest() == null) {
            return null;
        }
        Map<String, TableStats> actual = database.read(TableStats::compute);
        for (Map.Entry<String, Manifest.TableEntry> e : ins.manifest().tables().entrySet()) {
            TableStats a = actual.get(e.getKey());
            if (a == null || a.rows() != e.getValue().rows() || !a.fingerprint().equals(e.getValue().fingerprint())) {
                return "table " + e.getKey() + " does not match the manifest"
                        + (a == null ? " (missing)" : " (" + a.rows() + " rows, manifest " + e.getValue().rows() + ")");
            }
        }
        return null;
    }

    private void rollBack(Path live, RestoreJournal journal, boolean hadLive) throws IOException {
        database.closeForFiles();
        Files.deleteIfExists(RestoreJournal.wal(live));
        if (hadLive) {
            Files.move(journal.aside(), live, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moveIfExists(RestoreJournal.wal(journal.aside()), RestoreJournal.wal(live));
        } else {
            Files.deleteIfExists(live);
        }
        AtomicFile.syncDirectory(live.getParent());
        journal.clear();
        database.reopen();
    }

    private boolean restoreConfig(byte[] document, List<String> warnings, List<String> errors) {
        try {
            JsonNode env = json.readTree(document).path("environment");
            Map<String, String> values = new TreeMap<>();
            List<String> skipped = new ArrayList<>();
            env.fields().forEachRemaining(e -> {
                if (MACHINE_SETTINGS.contains(e.getKey())) {
                    skipped.add(e.getKey());
                } else if (!ConfigSnapshot.secretNames().contains(e.getKey())) {
                    values.put(e.getKey(), e.getValue().asText());
                }
            });
            AtomicFile.writeString(ctx.configEnvFile(), ConfigSnapshot.toDotEnv(values), Permissions.FILE);
            warnings.add("configuration written to " + ctx.configEnvFile() + "; it applies at the next start (real environment variables "
                    + "and .env still take precedence; secrets are never restored, the configured ones are kept)");
            if (!skipped.isEmpty()) {
                warnings.add("machine-specific settings were not restored: " + String.join(", ", skipped));
            }
            return true;
        } catch (IOException e) {
            errors.add("cannot restore the configuration to " + ctx.configEnvFile() + ": " + e.getMessage());
            return false;
        }
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

    private static long countEvents(java.sql.Connection c) throws java.sql.SQLException {
        try (var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM playback_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Path workDirectory() {
        try {
            return Files.createTempDirectory(database.file().getParent(), AtomicFile.TEMP_PREFIX + "restore-");
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

    private static void moveIfExists(Path from, Path to) throws IOException {
        if (Files.exists(from)) {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
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
