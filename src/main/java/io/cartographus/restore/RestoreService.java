package io.cartographus.restore;

import io.cartographus.backup.BackupJob;
import io.cartographus.backup.OperationLock;
import io.cartographus.catalog.BackupId;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.Catalog;
import io.cartographus.database.Database;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.TempFiles;
import io.cartographus.log.LogContext;
import io.cartographus.progress.Progress;
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
 * A restore in two steps: {@link RestorePlanner} decides (and refuses a request invalid on its face
 * before any archive is read), {@link RestoreExecutor} acts. See docs/design.md §14.
 */
public final class RestoreService {
    private static final Logger log = LoggerFactory.getLogger(RestoreService.class);

    private final Database database;
    private final Catalog catalog;
    private final ArchiveVerifier verifier;
    private final RestoreContext ctx;
    private final RestoreExecutor executor;
    private final LiveProbe probe;

    public RestoreService(Database database, Catalog catalog, ArchiveVerifier verifier, BackupJob backups, RestoreContext ctx) {
        this.database = database;
        this.catalog = catalog;
        this.verifier = verifier;
        this.ctx = ctx;
        this.executor = new RestoreExecutor(database, backups, ctx);
        this.probe = new LiveProbe(database);
    }

    /** The plan for restoring {@code idOrLatest}, without reading an archive or changing anything. */
    /** The test-only crash step this process halts at, or null (docs/design.md §6.9). */
    public String testCrashStep() {
        return ctx.crashPoints().step();
    }

    public RestorePlan plan(String idOrLatest, RestoreOptions o) {
        if (!"latest".equals(idOrLatest)) {
            BackupId.require(idOrLatest);
        }
        return RestorePlanner.plan(idOrLatest, o, catalog.all(), probe.facts());
    }

    /**
     * Restores backup {@code idOrLatest} ("latest": the newest completed backup with a database that
     * validates), or with {@code dry_run} only returns the plan.
     */
    public RestoreResponse restore(String idOrLatest, RestoreOptions o) {
        long t0 = System.nanoTime();
        if (o.dryRunOrDefault()) {
            RestorePlan plan = plan(idOrLatest, o);
            return new RestoreEnding(catalog.get(plan.backupId()).orElseThrow(), plan, t0).end(RestoreResponse.Outcome.PLANNED);
        }
        boolean latest = "latest".equals(idOrLatest);
        if (!latest) {
            BackupId.require(idOrLatest);
        }
        try (OperationLock.Lease lease = ctx.lock().acquire("restore of " + idOrLatest);
             LogContext logContext = LogContext.open("restore", latest ? null : idOrLatest)) {
            // Planned under the lock, before any file is written: a request invalid on its face ends here.
            RestorePlan plan = plan(idOrLatest, o);
            Path work = workDirectory();
            Chosen chosen = null;
            try {
                chosen = choose(plan, latest, o, work, lease.progress());
                lease.rename("restore of " + chosen.record.id());
                logContext.backupId(chosen.record.id());
                RestoreEnding ending = new RestoreEnding(chosen.record, chosen.plan, t0);
                // A newer backup may fail only for want of its key: restoring an older one must not go unnoticed.
                chosen.skipped.forEach(s -> ending.warnings.add("skipped a newer backup that does not validate: " + s));
                RestoreResponse r = executor.carryOut(chosen.record, chosen.inspection, chosen.plan, o, ending, lease.progress());
                ctx.listener().finished(chosen.record, r);
                return r;
            } catch (RuntimeException e) {
                if (chosen != null) {
                    // Metrics and the restore.failed notification hear of refusals that end in an error too,
                    // and of an unexpected failure (a 500): a restore that did not happen is a failed one.
                    RestoreEnding failed = new RestoreEnding(chosen.record, chosen.plan, t0);
                    failed.errors.add(e instanceof BackupException || e.getMessage() != null ? e.getMessage() : e.toString());
                    ctx.listener().finished(chosen.record, failed.end(RestoreResponse.Outcome.FAILED));
                }
                throw e;
            } finally {
                deleteQuietly(work);
            }
        }
    }

    /**
     * @param plan re-made for the backup actually chosen when "latest" fell back to an older one
     * @param skipped newer backups that did not validate (for "latest"), so that the response can say why
     */
    private record Chosen(BackupRecord record, Inspection inspection, RestorePlan plan, List<String> skipped) {
    }

    private Chosen choose(RestorePlan plan, boolean latest, RestoreOptions o, Path work, Progress progress) {
        if (!latest) {
            BackupRecord r = catalog.get(plan.backupId()).orElseThrow();
            return new Chosen(r, verifier.inspect(r, candidateDir(work, r), progress), plan, List.of());
        }
        List<String> rejected = new ArrayList<>();
        for (String id : plan.candidates()) {
            BackupRecord r = catalog.get(id).orElse(null);
            if (r == null) {
                continue;
            }
            Path dir = candidateDir(work, r);
            Inspection i = verifier.inspect(r, dir, progress);
            if (i.report().valid() || o.forceOrDefault() && i.forceable()) {
                RestorePlan actual = id.equals(plan.backupId()) ? plan : RestorePlanner.plan(id, o, catalog.all(), probe.facts());
                return new Chosen(r, i, actual, rejected);
            }
            rejected.add(r.id() + ": " + i.report().summary());
            deleteQuietly(dir);
        }
        throw new BackupException(ErrorKind.NOT_FOUND, "no completed backup with a database validates: " + String.join(" | ", rejected));
    }

    private Path workDirectory() {
        Path dir = database.file().getParent();
        try {
            Files.createDirectories(dir);
            return TempFiles.createDirectory(dir, "restore");
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
