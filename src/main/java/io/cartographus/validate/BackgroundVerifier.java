package io.cartographus.validate;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.Catalog;
import io.cartographus.log.LogContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BACKUP_VERIFY: every completed backup is test-restored in the background (unpacked, opened
 * read-only, every table scanned and compared with the manifest) and its {@code verification} set.
 * The outcome goes to {@code onResult} (metrics, notifications, off-site upload).
 */
public final class BackgroundVerifier {
    private static final Logger log = LoggerFactory.getLogger(BackgroundVerifier.class);

    private final ArchiveVerifier verifier;
    private final Catalog catalog;
    private final ExecutorService executor;
    private final BiConsumer<BackupRecord, ValidationReport> onResult;

    public BackgroundVerifier(ArchiveVerifier verifier, Catalog catalog, ExecutorService executor,
                              BiConsumer<BackupRecord, ValidationReport> onResult) {
        this.verifier = verifier;
        this.catalog = catalog;
        this.executor = executor;
        this.onResult = onResult;
    }

    /** Queues the test restore of a completed backup (its record already says pending). */
    public void submit(BackupRecord completed) {
        try {
            executor.execute(() -> run(completed.id()));
        } catch (RejectedExecutionException e) {
            log.warn("verification of {} not started: shutting down; it stays pending", completed.id());
        }
    }

    private void run(String id) {
        try (LogContext context = LogContext.open("verify", id)) {
            BackupRecord r = catalog.get(id).orElse(null);
            if (r == null || !r.isCompleted()) {
                return;
            }
            ValidationReport report = verifier.validateWhenFree(r);
            BackupRecord updated = CheckOutcome.record(catalog, id, report, Instant.now().truncatedTo(ChronoUnit.SECONDS), "verify")
                    .orElse(null);
            if (updated == null) {
                return;
            }
            if (report.valid()) {
                log.info("verification of {} passed", id);
            } else {
                log.error("verification of {} FAILED: {}", id, report.summary());
            }
            onResult.accept(updated, report);
        } catch (RuntimeException e) {
            // A job on an executor must not die silently; the record stays pending and the log says why.
            log.error("verification of {} could not run: {}", id, e.getMessage(), e);
        }
    }
}
