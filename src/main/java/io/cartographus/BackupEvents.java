package io.cartographus;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.backup.BackupListener;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.drill.DrillResult;
import io.cartographus.metrics.BackupMetrics;
import io.cartographus.notify.NotificationEvent;
import io.cartographus.notify.Notifier;
import io.cartographus.offsite.OffsiteListener;
import io.cartographus.restore.RestoreListener;
import io.cartographus.restore.RestoreResponse;
import io.cartographus.validate.BackgroundVerifier;
import io.cartographus.validate.ValidationReport;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where the end of a backup, a verification, a restore or a restore drill fans out: metrics, webhook notifications,
 * the background test restore and whatever comes after a verified backup (off-site copy).
 */
final class BackupEvents implements BackupListener, RestoreListener, OffsiteListener {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final BackupMetrics metrics;
    private final Notifier notifier;
    private final ObjectMapper json;
    private BackgroundVerifier verifier;
    private Consumer<BackupRecord> afterVerified = r -> {
    };

    BackupEvents(BackupMetrics metrics, Notifier notifier, ObjectMapper json) {
        this.metrics = metrics;
        this.notifier = notifier;
        this.json = json;
    }

    /** Set once at wiring time: the verifier needs the catalog, which needs this listener first. */
    void verifyWith(BackgroundVerifier v) {
        this.verifier = v;
    }

    void afterVerified(Consumer<BackupRecord> next) {
        this.afterVerified = next;
    }

    @Override
    public void started(BackupRecord record) {
        metrics.backupInProgress(true);
    }

    @Override
    public void completed(BackupRecord r) {
        metrics.backupInProgress(false);
        metrics.backupFinished(r.type().label(), "completed", Duration.ofMillis(r.durationMs() == null ? 0 : r.durationMs()),
                r.sizeBytes(), r.completedAt());
        notifier.send(NotificationEvent.backupCompleted(map(r), Instant.now()));
        if (verifier != null) {
            verifier.submit(r);
        } else {
            afterVerified.accept(r);
        }
    }

    @Override
    public void failed(BackupRecord r) {
        metrics.backupInProgress(false);
        metrics.backupFinished(r.type().label(), "failed", Duration.ofMillis(r.durationMs() == null ? 0 : r.durationMs()),
                0, r.completedAt());
        notifier.send(NotificationEvent.backupFailed(map(r), r.error(), Instant.now()));
    }

    void verified(BackupRecord r, ValidationReport report) {
        metrics.verificationFinished(report.valid() ? "passed" : "failed");
        if (!report.valid()) {
            notifier.send(NotificationEvent.backupFailed(map(r), "verification failed: " + report.summary(), Instant.now()));
        }
        afterVerified.accept(r);
    }

    /** An archive imported from elsewhere: already validated, so it goes straight to what follows verification. */
    void imported(BackupRecord r) {
        afterVerified.accept(r);
    }

    /** A restore drill ended: metrics, and drill.completed or drill.failed (docs/design.md §19). */
    void drilled(DrillResult d) {
        metrics.drillFinished(d.passed(), Duration.ofMillis(d.durationMs()), d.finishedAt());
        notifier.send(NotificationEvent.drill(json.convertValue(d, MAP), Instant.now()));
    }

    @Override
    public void uploaded(BackupRecord r) {
        metrics.offsiteUploaded("completed");
    }

    @Override
    public void failed(BackupRecord r, String error) {
        metrics.offsiteUploaded("failed");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("error", error);
        details.put("offsite", true);
        notifier.send(new NotificationEvent(NotificationEvent.BACKUP_FAILED, "Cartographus backup " + r.id()
                + " is safe locally, but its off-site copy FAILED: " + error, map(r), Instant.now(), details));
    }

    @Override
    public void finished(BackupRecord backup, RestoreResponse response) {
        if (response.outcome() == RestoreResponse.Outcome.VALIDATED_ONLY) {
            return;
        }
        boolean ok = response.success();
        metrics.restoreFinished(ok ? "completed" : "failed", Duration.ofMillis(response.durationMs()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("records_restored", response.recordsRestored());
        details.put("pre_restore_backup_id", response.preRestoreBackupId());
        details.put("errors", response.errors());
        if (ok) {
            notifier.send(NotificationEvent.restoreCompleted(map(backup), details, Instant.now()));
        } else {
            notifier.send(NotificationEvent.restoreFailed(map(backup), String.join("; ", response.errors()), details, Instant.now()));
        }
    }

    private Map<String, Object> map(BackupRecord r) {
        return json.convertValue(r, MAP);
    }
}
