package io.cartographus.diff;

import io.cartographus.backup.Backups;
import io.cartographus.backup.InUse;
import io.cartographus.catalog.BackupId;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.database.Database;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.TempFiles;
import io.cartographus.validate.ArchiveVerifier;
import io.cartographus.validate.Inspection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backup's database unpacked to a scratch file, checked by the verifier as for a restore (an
 * encrypted backup needs its key the same way), for as long as it is open. The archive is claimed,
 * so retention cannot delete it meanwhile; the scratch directory is removed on close (and at the
 * next start if the process dies first).
 */
public final class BackupSource {
    private static final Logger log = LoggerFactory.getLogger(BackupSource.class);

    private final Database database;
    private final Backups backups;
    private final ArchiveVerifier verifier;

    public BackupSource(Database database, Backups backups, ArchiveVerifier verifier) {
        this.database = database;
        this.backups = backups;
        this.verifier = verifier;
    }

    /** An unpacked, validated backup database; close it to remove the scratch file. */
    public static final class Opened implements AutoCloseable {
        private final BackupRecord record;
        private final Inspection inspection;
        private final Path work;
        private final InUse.Claim claim;

        private Opened(BackupRecord record, Inspection inspection, Path work, InUse.Claim claim) {
            this.record = record;
            this.inspection = inspection;
            this.work = work;
            this.claim = claim;
        }

        public BackupRecord record() {
            return record;
        }

        public Path databaseFile() {
            return inspection.databaseFile();
        }

        public List<String> warnings() {
            return inspection.report().warnings();
        }

        @Override
        public void close() {
            try {
                TempFiles.deleteRecursively(work);
            } catch (IOException e) {
                log.warn("could not remove {}: {} (removed at the next start)", work, e.getMessage());
            } finally {
                claim.close();
            }
        }
    }

    /**
     * Opens backup {@code idOrLatest} ("latest": the newest completed backup with a database that validates).
     *
     * @throws BackupException NOT_FOUND for an unknown id, VALIDATION_FAILED for a configuration-only
     *     backup or one that does not validate (the report's errors say why, e.g. a missing key)
     */
    public Opened open(String idOrLatest) {
        if ("latest".equals(idOrLatest)) {
            return latest();
        }
        BackupRecord r = backups.catalog().get(BackupId.require(idOrLatest))
                .orElseThrow(() -> new BackupException(ErrorKind.NOT_FOUND, "backup " + idOrLatest + " not found"));
        if (r.type() == BackupType.CONFIG) {
            throw new BackupException(ErrorKind.VALIDATION_FAILED, "backup " + r.id() + " is configuration-only: it holds no database tables",
                    "pick a full or database backup: cartographus backup list --type full", null);
        }
        if (!r.isCompleted()) {
            throw new BackupException(ErrorKind.VALIDATION_FAILED, "backup " + r.id() + " is " + r.status().label() + ", not completed");
        }
        Opened o = unpack(r);
        List<String> errors = o.inspection.report().errors();
        if (!o.inspection.report().valid() || o.databaseFile() == null) {
            o.close();
            throw new BackupException(ErrorKind.VALIDATION_FAILED, "backup " + r.id() + " does not validate, so its tables are not read: "
                    + String.join("; ", errors), "check it with: cartographus backup validate " + r.id(), null);
        }
        return o;
    }

    private Opened latest() {
        List<String> rejected = new ArrayList<>();
        for (BackupRecord r : backups.catalog().all()) {
            if (!r.isCompleted() || !r.hasDatabase()) {
                continue;
            }
            Opened o = unpack(r);
            if (o.inspection.report().valid() && o.databaseFile() != null) {
                return o;
            }
            rejected.add(r.id() + ": " + o.inspection.report().summary());
            o.close();
        }
        throw new BackupException(ErrorKind.NOT_FOUND, rejected.isEmpty() ? "no completed backup with a database exists"
                : "no completed backup with a database validates: " + String.join(" | ", rejected));
    }

    private Opened unpack(BackupRecord r) {
        InUse.Claim claim = backups.inUse().claim(r.id());
        Path work;
        try {
            Files.createDirectories(database.scratchDirectory());
            work = TempFiles.createDirectory(database.scratchDirectory(), "tables");
        } catch (IOException e) {
            claim.close();
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot create a scratch directory in " + database.scratchDirectory()
                    + ": " + e.getMessage(), e);
        }
        try {
            return new Opened(r, verifier.inspect(r, work), work, claim);
        } catch (RuntimeException e) {
            new Opened(r, null, work, claim).close();
            throw e;
        }
    }
}
