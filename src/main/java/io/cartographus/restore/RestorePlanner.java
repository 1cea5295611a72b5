package io.cartographus.restore;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a restore request, the catalog and the facts about the live database into a
 * {@link RestorePlan}, or refuses a request that is invalid on its face. Pure: no file is read, so
 * every refusal here happens before any archive is unpacked.
 */
public final class RestorePlanner {
    /** A deliberately low rate (read, hash, decompress and write) so that the estimate errs long, not short. */
    static final long BYTES_PER_SECOND = 50L * 1024 * 1024;

    private RestorePlanner() {
    }

    /**
     * @param idOrLatest a backup id, or "latest"
     * @param catalog every record, newest first
     */
    public static RestorePlan plan(String idOrLatest, RestoreOptions o, List<BackupRecord> catalog, LiveFacts live) {
        List<String> candidates = "latest".equals(idOrLatest) ? latest(catalog) : List.of(one(idOrLatest, o, catalog).id());
        BackupRecord r = find(candidates.get(0), catalog).orElseThrow();
        boolean restoreDb = o.restoreDatabase() == null ? r.type().hasDatabase() : o.restoreDatabase();
        boolean restoreConfig = o.restoreConfigFor(r.type());
        if (restoreDb && !r.type().hasDatabase()) {
            throw invalid("backup " + r.id() + " (" + r.type().label() + ") contains no database to restore");
        }
        if (restoreConfig && !r.type().hasConfig()) {
            throw invalid("backup " + r.id() + " (" + r.type().label() + ") contains no configuration to restore");
        }
        if (restoreDb && !o.stopServicesOrDefault()) {
            throw invalid("a database restore needs stop_services=true: the database is closed and swapped while it runs");
        }
        if (!restoreDb && !restoreConfig) {
            throw invalid("nothing to restore: restore_database and restore_config are both false");
        }
        List<String> warnings = new ArrayList<>();
        RestorePlan.Safety safety = o.validateOnlyOrDefault() ? RestorePlan.Safety.NONE : safety(restoreDb, o, live, warnings);
        long needed = r.sizeBytes() + (safety == RestorePlan.Safety.PRE_RESTORE_BACKUP ? live.fileBytes() : 0);
        if (live.freeBytes() >= 0 && live.freeBytes() < needed) {
            warnings.add("free space (" + live.freeBytes() + " bytes) is below the " + needed + " bytes this restore needs at least");
        }
        if (restoreDb && live.readable() && live.records() > r.recordCount()) {
            warnings.add("the live database holds " + live.records() + " records, the backup " + r.recordCount()
                    + ": " + (live.records() - r.recordCount()) + " would be replaced by older data");
        }
        long seconds = Math.max(1, (needed + r.sizeBytes()) / BYTES_PER_SECOND);
        return new RestorePlan(r.id(), r.type().label(), r.createdAt(), r.recordCount(), r.sizeBytes(), live.readable(),
                live.records(), restoreDb && !o.validateOnlyOrDefault(), restoreConfig && !o.validateOnlyOrDefault(),
                o.validateOnlyOrDefault(), safety, needed, live.freeBytes(), checks(o, restoreDb), seconds, candidates, warnings);
    }

    private static RestorePlan.Safety safety(boolean restoreDb, RestoreOptions o, LiveFacts live, List<String> warnings) {
        if (!restoreDb) {
            return RestorePlan.Safety.NONE;
        }
        if (!live.hasData()) {
            return RestorePlan.Safety.NOT_NEEDED;
        }
        if (o.preRestoreBackupOrDefault() && !live.readable()) {
            // A backup of a file that does not open cannot be taken; its bytes can still be kept, which is
            // what an operator restoring over a damaged database needs (and a retry would fail the same way).
            warnings.add("the live database cannot be read (" + live.unavailableReason()
                    + "): its files are kept aside byte for byte instead of a pre-restore backup");
            return RestorePlan.Safety.KEEP_FILES_ASIDE;
        }
        return o.preRestoreBackupOrDefault() ? RestorePlan.Safety.PRE_RESTORE_BACKUP : RestorePlan.Safety.KEEP_FILES_ASIDE;
    }

    private static List<String> checks(RestoreOptions o, boolean restoreDb) {
        List<String> checks = new ArrayList<>();
        checks.add("the archive's SHA-256 against its .sha256 file");
        checks.add("the archive's entries, manifest and the database's integrity");
        if (o.forceOrDefault()) {
            checks.add("force_restore: a failed content check warns instead of refusing (an unreadable archive still refuses)");
        }
        if (restoreDb && o.verifyOrDefault() && !o.validateOnlyOrDefault()) {
            checks.add("after the swap: every table's rows and fingerprint against the manifest, else roll back");
        }
        return checks;
    }

    private static BackupRecord one(String id, RestoreOptions o, List<BackupRecord> catalog) {
        BackupRecord r = find(id, catalog).orElseThrow(() -> new BackupException(ErrorKind.NOT_FOUND, "backup " + id + " not found"));
        // A corrupted backup is what its last check found; the restore checks it again before anything
        // changes, and refuses it with that check's report (422) if it is still damaged.
        if (!r.isCompleted() && r.status() != BackupStatus.CORRUPTED && !o.forceOrDefault()) {
            throw invalid("backup " + id + " is " + r.status().label() + ", not completed: it cannot be restored");
        }
        return r;
    }

    private static List<String> latest(List<BackupRecord> catalog) {
        List<String> ids = catalog.stream().filter(r -> r.isCompleted() && r.hasDatabase()).map(BackupRecord::id).toList();
        if (ids.isEmpty()) {
            throw new BackupException(ErrorKind.NOT_FOUND, "no completed backup with a database exists");
        }
        return ids;
    }

    private static Optional<BackupRecord> find(String id, List<BackupRecord> catalog) {
        return catalog.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    private static BackupException invalid(String message) {
        return new BackupException(ErrorKind.INVALID_REQUEST, message);
    }
}
