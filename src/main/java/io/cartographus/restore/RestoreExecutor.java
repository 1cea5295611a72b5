package io.cartographus.restore;

import io.cartographus.backup.BackupJob;
import io.cartographus.backup.BackupRequest;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.Trigger;
import io.cartographus.config.BackupType;
import io.cartographus.config.ConfigChanges;
import io.cartographus.database.Database;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.progress.Progress;
import io.cartographus.validate.Inspection;
import java.nio.file.Files;

/**
 * Carries out a {@link RestorePlan} on a backup that has been inspected: the safety step, the swap,
 * the configuration. The caller holds the operation lock.
 */
final class RestoreExecutor {
    private final Database database;
    private final BackupJob backups;
    private final RestoreContext ctx;
    private final DatabaseSwap swap;
    private final ConfigRestore config;

    RestoreExecutor(Database database, BackupJob backups, RestoreContext ctx) {
        this.database = database;
        this.backups = backups;
        this.ctx = ctx;
        this.swap = new DatabaseSwap(database, ctx.crashPoints());
        this.config = new ConfigRestore(ctx.configEnvFile(), ctx.config());
    }

    RestoreResponse carryOut(BackupRecord r, Inspection ins, RestorePlan plan, RestoreOptions o, RestoreEnding ending, Progress progress) {
        ending.warnings.addAll(ins.report().warnings());
        boolean force = o.forceOrDefault();
        if (!ins.report().valid()) {
            if (!force || o.validateOnlyOrDefault()) {
                ending.errors.addAll(ins.report().errors());
                return ending.end(o.validateOnlyOrDefault() ? RestoreResponse.Outcome.VALIDATED_ONLY : RestoreResponse.Outcome.REFUSED_INVALID,
                        ins.report());
            }
            if (!ins.forceable()) {
                // force_restore skips the checks of content; it never restores from an archive that did
                // not read cleanly (hostile entries, truncation): what was extracted cannot be trusted at all.
                ending.errors.addAll(ins.report().errors());
                ending.errors.add(ins.untrusted() ? "force_restore does not apply: the archive holds what cartographus does not write"
                        : "force_restore does not apply: the archive itself does not read cleanly");
                return ending.end(RestoreResponse.Outcome.REFUSED_INVALID, ins.report());
            }
            ending.warnings.add("force_restore: restoring although validation failed: " + ins.report().summary());
        }
        if (o.validateOnlyOrDefault()) {
            if (o.restoreConfigFor(r.type()) && ins.configDocument() != null) {
                // What a restore of this configuration would change, without writing it.
                ConfigChanges changes = config.preview(ins.configDocument(), ending.errors);
                if (changes != null) {
                    ending.configChanges(changes.changes());
                    ending.warnings.addAll(changes.shadowed());
                }
            }
            return ending.end(RestoreResponse.Outcome.VALIDATED_ONLY, ins.report());
        }
        // With force_restore, "no database" may really mean "could not be read" (e.g. its key is missing): say which.
        String unreadable = ins.report().valid() ? "" : " that could be read (" + ins.report().summary() + ")";
        if (plan.restoreDatabase() && ins.databaseFile() == null) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "backup " + r.id() + " (" + r.type().label() + ") contains no database to restore" + unreadable);
        }
        if (plan.restoreConfig() && ins.configDocument() == null) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "backup " + r.id() + " (" + r.type().label() + ") contains no configuration to restore" + unreadable);
        }
        if (plan.restoreDatabase()) {
            // Paused before the safety backup, not just for the swap: a sync between the two would be
            // in neither the safety backup nor the restored database, and lost without a word.
            ctx.pause().pause("restore of " + r.id() + " in progress");
        }
        try {
            return restoreFiles(r, ins, plan, o, ending, progress);
        } finally {
            if (plan.restoreDatabase()) {
                ctx.pause().resume();
            }
        }
    }

    private RestoreResponse restoreFiles(BackupRecord r, Inspection ins, RestorePlan plan, RestoreOptions o, RestoreEnding ending,
                                         Progress progress) {
        if (plan.safety() == RestorePlan.Safety.PRE_RESTORE_BACKUP) {
            progress.phase("safety backup", -1);
            ending.preRestoreBackup(preRestoreBackup(r, o.forceOrDefault(), ending));
        } else if (plan.safety() == RestorePlan.Safety.NOT_NEEDED && o.preRestoreBackupOrDefault()) {
            // A fresh start (complete-loss recovery): a safety copy of nothing would only become the
            // "latest" backup and make a later restore/latest bring back an empty database.
            ending.warnings.add("the live database holds no data: no pre-restore backup was needed");
        }
        if (plan.restoreDatabase()) {
            boolean keep = ending.preRestoreId() == null && plan.safety() != RestorePlan.Safety.NOT_NEEDED;
            // The swap (fsync, rename, reopen) and the check after it: no byte count to show, the phase says where it is.
            progress.phase(o.verifyOrDefault() ? "swap and verify" : "swap", -1);
            DatabaseSwap.Result result = swap.run(r, ins, o.verifyOrDefault(), keep ? keepName(r) : null);
            ending.warnings.addAll(result.warnings());
            if (!result.ok()) {
                ending.errors.addAll(result.errors());
                return ending.end(RestoreResponse.Outcome.ROLLED_BACK);
            }
            ending.databaseRestored(result.records());
        }
        if (plan.restoreConfig()) {
            progress.phase("config", -1);
            ConfigChanges changes = config.apply(ins.configDocument(), ending.warnings, ending.errors);
            if (changes != null) {
                ending.configRestored(changes.changes());
            }
        }
        return ending.end(ending.errors.isEmpty() ? RestoreResponse.Outcome.RESTORED : RestoreResponse.Outcome.FAILED);
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

    private String preRestoreBackup(BackupRecord r, boolean force, RestoreEnding ending) {
        try {
            return backups.run(new BackupRequest(BackupType.FULL, Trigger.PRE_RESTORE, "before restoring " + r.id())).id();
        } catch (BackupException e) {
            if (!force) {
                throw new BackupException(e.kind(), "restore refused: the pre-restore backup failed: " + e.getMessage(),
                        "free space, or restore with create_pre_restore_backup=false (the current files are kept aside)", e);
            }
            ending.warnings.add("force_restore: continuing without a pre-restore backup: " + e.getMessage());
            return null;
        }
    }
}
