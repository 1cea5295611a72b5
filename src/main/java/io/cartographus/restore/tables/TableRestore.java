package io.cartographus.restore.tables;

import io.cartographus.backup.BackupJob;
import io.cartographus.backup.BackupRequest;
import io.cartographus.backup.OperationLock;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Trigger;
import io.cartographus.database.Database;
import io.cartographus.diff.BackupDiff;
import io.cartographus.diff.BackupSource;
import io.cartographus.diff.DataTables;
import io.cartographus.diff.TableShape;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.log.LogContext;
import io.cartographus.restore.RestoreContext;
import io.cartographus.restore.RestoreResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Restores selected tables into the live database in one transaction; see the package documentation. */
public final class TableRestore {
    private static final Logger log = LoggerFactory.getLogger(TableRestore.class);

    private final Database database;
    private final BackupSource source;
    private final BackupJob backups;
    private final RestoreContext ctx;

    public TableRestore(Database database, BackupSource source, BackupJob backups, RestoreContext ctx) {
        this.database = database;
        this.source = source;
        this.backups = backups;
        this.ctx = ctx;
    }

    /** What besides the tables a table restore takes; null means the default (true). */
    public record Options(Boolean preRestoreBackup, Boolean verify) {
    }

    public TableRestoreResponse restore(String idOrLatest, TableRequest request, Options o) {
        long t0 = System.nanoTime();
        try (OperationLock.Lease lease = ctx.lock().acquire("table restore of " + idOrLatest);
             LogContext logContext = LogContext.open("restore", "latest".equals(idOrLatest) ? null : idOrLatest);
             BackupSource.Opened b = source.open(idOrLatest)) {
            String id = b.record().id();
            lease.rename("table restore of " + id);
            logContext.backupId(id);
            List<String> tables = DataTables.parentsFirst(request.tables());
            database.readAttached(b.databaseFile(), (c, alias) -> {
                check(TableShape.read(c, null), TableShape.read(c, alias), tables, id);
                return null;
            });
            List<String> warnings = new ArrayList<>(b.warnings());
            String preId = Boolean.FALSE.equals(o.preRestoreBackup()) ? null : preRestoreBackup(id);
            TableWriter.Written w;
            try {
                w = database.writeAttached(b.databaseFile(),
                        (c, alias) -> new TableWriter(c, alias).write(tables, request.mode(), !Boolean.FALSE.equals(o.verify())));
            } catch (TableWriter.VerificationFailed e) {
                TableRestoreResponse r = response(id, preId, request, Map.of(), t0, warnings,
                        List.of("the restored tables failed verification: " + e.getMessage(), "rolled back: the tables are as they were"),
                        RestoreResponse.Outcome.ROLLED_BACK);
                ctx.listener().finished(b.record(), r.asRestoreResponse());
                return r;
            }
            TableRestoreResponse r = response(id, preId, request, w.rows(), t0, warnings, List.of(), RestoreResponse.Outcome.RESTORED);
            ctx.listener().finished(b.record(), r.asRestoreResponse());
            return r;
        }
    }

    /** Every requested table is one we restore, is in the backup, and fits by column name; else nothing happens. */
    static void check(Map<String, TableShape> live, Map<String, TableShape> backup, List<String> tables, String id) {
        List<String> known = DataTables.of(live);
        for (String t : tables) {
            if (!known.contains(t)) {
                throw BackupDiff.unknownTable(t, known);
            }
        }
        for (String t : tables) {
            if (!backup.containsKey(t)) {
                throw new BackupException(ErrorKind.VALIDATION_FAILED, "table " + t + " is not in backup " + id + "; it has: "
                        + String.join(", ", DataTables.parentsFirst(backup.keySet())));
            }
            List<String> problems = DataTables.fitProblems(live.get(t), backup.get(t));
            if (!problems.isEmpty()) {
                throw new BackupException(ErrorKind.VALIDATION_FAILED, "table " + t + " of backup " + id
                        + " does not fit the live table by column name: " + String.join("; ", problems),
                        "a full restore brings back the backup's whole database, schema included", null);
            }
        }
    }

    private String preRestoreBackup(String id) {
        try {
            return backups.run(new BackupRequest(BackupType.FULL, Trigger.PRE_RESTORE, "before restoring tables from " + id)).id();
        } catch (BackupException e) {
            throw new BackupException(e.kind(), "restore refused: the pre-restore backup failed: " + e.getMessage(),
                    "free space, or restore with create_pre_restore_backup=false", e);
        }
    }

    private static TableRestoreResponse response(String id, String preId, TableRequest request, Map<String, Long> rows, long t0,
                                                 List<String> warnings, List<String> errors, RestoreResponse.Outcome outcome) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long total = rows.values().stream().mapToLong(Long::longValue).sum();
        log.info("table restore ({}) of {} from {} ended: {} in {} ms, rows written {}", request.mode().label(), request.tables(), id,
                outcome, ms, rows);
        boolean ok = outcome == RestoreResponse.Outcome.RESTORED;
        return new TableRestoreResponse(ok, id, preId, ok, false, total, ms, false, request.mode().label(),
                new LinkedHashMap<>(rows), List.copyOf(warnings), List.copyOf(errors), outcome);
    }
}
