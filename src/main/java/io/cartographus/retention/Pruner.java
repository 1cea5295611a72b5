package io.cartographus.retention;

import io.cartographus.config.RetentionPolicy;
import io.cartographus.backup.BackupRequest;
import io.cartographus.backup.Backups;
import io.cartographus.chunks.ChunkCollector;
import io.cartographus.backup.OperationLock;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.catalog.Trigger;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.metrics.BackupMetrics;
import io.cartographus.notify.NotificationEvent;
import io.cartographus.notify.Notifier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@link Retention#plan} on the catalog: the preview and the apply plan with the same
 * function on the same input, so what the preview lists is what apply deletes.
 */
public final class Pruner {
    private static final Logger log = LoggerFactory.getLogger(Pruner.class);

    private final Backups backups;
    private final PruneSettings settings;
    private final BackupMetrics metrics;
    private final Notifier notifier;
    private final Clock clock;

    public Pruner(Backups backups, PruneSettings settings, BackupMetrics metrics, Notifier notifier, Clock clock) {
        this.backups = backups;
        this.settings = settings;
        this.metrics = metrics;
        this.notifier = notifier;
        this.clock = clock;
    }

    public PruneSettings settings() {
        return settings;
    }

    /** What apply would do now; changes nothing. */
    public RetentionPlan preview() {
        return Retention.plan(candidates(), settings.policy(), clock.instant(), settings.zone());
    }

    /**
     * Takes a backup with trigger {@code retention} first when fewer than MIN_COUNT completed ones
     * exist, then, under the operation lock, plans again and deletes exactly that plan's
     * {@code toDelete()} and drops its expired failed records.
     *
     * @throws BackupException BUSY while another backup or restore runs
     */
    public PruneResult apply() {
        String retentionBackupId = preview().needsRetentionBackup() ? retentionBackup() : null;
        try (OperationLock.Lease lease = backups.lock().acquire("retention")) {
            RetentionPlan plan = preview();
            Map<String, Object> planDocument = describe(plan);
            List<String> deleted = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            long freed = 0;
            for (String id : plan.toDelete()) {
                Optional<BackupRecord> r = backups.catalog().get(id);
                try {
                    backups.delete(id);
                    deleted.add(id);
                    freed += r.map(BackupRecord::sizeBytes).orElse(0L);
                } catch (BackupException e) {
                    // Claimed by a download since the plan was made, or removed by someone else.
                    skipped.add(id + ": " + e.getMessage());
                }
            }
            List<String> dropped = dropExpiredFailed(plan.expiredFailedIds(), skipped);
            ChunkCollector.Collected chunks = backups.collectChunks();
            freed += chunks.bytes();
            PruneResult result = new PruneResult(deleted, freed, skipped, dropped, retentionBackupId, plan, planDocument,
                    chunks.chunks(), chunks.bytes());
            report(result);
            return result;
        }
    }

    /** The preview as the API and the CLI show it (snake_case, newest first). */
    public Map<String, Object> describe(RetentionPlan plan) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        backups.catalog().all().forEach(r -> sizes.put(r.id(), r.sizeBytes()));
        RetentionPolicy p = settings.policy();
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("min_count", p.minCount());
        policy.put("max_count", p.maxCount());
        policy.put("max_days", p.maxDays());
        policy.put("keep_recent_hours", p.keepRecentHours());
        policy.put("keep_daily_days", p.keepDailyDays());
        policy.put("keep_weekly_weeks", p.keepWeeklyWeeks());
        policy.put("keep_monthly_months", p.keepMonthlyMonths());
        // Deleting a deduplicated backup frees its archive and the chunks no remaining backup uses.
        Map<String, Long> chunkBytes = new LinkedHashMap<>(backups.chunkBytesFreedBy(plan.toDelete()));
        plan.toKeep().forEach(id -> chunkBytes.put(id, backups.chunkBytesFreedBy(List.of(id)).getOrDefault(id, 0L)));
        List<Map<String, Object>> decisions = new ArrayList<>();
        for (RetentionDecision d : plan.decisions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("created_at", d.createdAt().toString());
            m.put("keep", d.keep());
            m.put("reason", d.reason());
            m.put("size_bytes", sizes.getOrDefault(d.id(), 0L));
            m.put("frees_bytes", sizes.getOrDefault(d.id(), 0L) + chunkBytes.getOrDefault(d.id(), 0L));
            decisions.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("policy", policy);
        out.put("timezone", settings.zone().getId());
        out.put("decisions", decisions);
        out.put("to_delete", plan.toDelete());
        out.put("to_keep", plan.toKeep());
        out.put("bytes_to_free", plan.toDelete().stream()
                .mapToLong(id -> sizes.getOrDefault(id, 0L) + chunkBytes.getOrDefault(id, 0L)).sum());
        out.put("needs_retention_backup", plan.needsRetentionBackup());
        out.put("expired_failed", plan.expiredFailedIds());
        return out;
    }

    private String retentionBackup() {
        if (settings.backupType() == null) {
            return null;
        }
        int min = settings.policy().minCount();
        try {
            return backups.create(new BackupRequest(settings.backupType(), Trigger.RETENTION,
                    "taken by retention: fewer than BACKUP_RETENTION_MIN_COUNT=" + min + " completed backups")).id();
        } catch (BackupException e) {
            if (e.kind() == ErrorKind.BUSY) {
                throw e;
            }
            // The failure is recorded and notified by the backup itself. Pruning still runs: with
            // fewer than MIN_COUNT backups it deletes none, but it drops expired failed records.
            log.warn("retention: the backup taken because fewer than {} completed backups exist failed: {}", min, e.getMessage());
            return null;
        }
    }

    private List<String> dropExpiredFailed(List<String> ids, List<String> skipped) {
        List<String> dropped = new ArrayList<>();
        for (String id : ids) {
            Optional<BackupRecord> r = backups.catalog().get(id);
            if (r.isEmpty() || r.get().status() != BackupStatus.FAILED && r.get().status() != BackupStatus.CORRUPTED) {
                continue;
            }
            try {
                backups.catalog().remove(id);
                dropped.add(id);
            } catch (BackupException e) {
                skipped.add(id + ": " + e.getMessage());
            }
        }
        return dropped;
    }

    private void report(PruneResult r) {
        log.info("retention: deleted {} backup(s) ({} bytes freed), kept {}, dropped {} expired failed record(s){}",
                r.deleted().size(), r.freedBytes(), r.plan().toKeep().size(), r.droppedFailed().size(),
                r.skipped().isEmpty() ? "" : ", skipped " + r.skipped());
        if (!r.deleted().isEmpty()) {
            metrics.retentionDeleted(r.deleted().size());
            notifier.send(NotificationEvent.retentionCleanup(r.deleted(), r.freedBytes(), clock.instant()));
        }
    }

    private List<RetentionCandidate> candidates() {
        List<RetentionCandidate> out = new ArrayList<>();
        for (BackupRecord r : backups.catalog().all()) {
            if (r.type() == null || r.status() == null || r.createdAt() == null) {
                // Written by a newer version or edited by hand: leave it alone rather than guess.
                log.debug("retention ignores {}: unknown type or status", r.id());
                continue;
            }
            out.add(new RetentionCandidate(r.id(), r.createdAt(), r.type(), r.status().label(),
                    r.verification() != null && r.verification().passed(), backups.inUse().contains(r.id())));
        }
        return out;
    }
}
