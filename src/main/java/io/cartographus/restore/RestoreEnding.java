package io.cartographus.restore;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.ConfigChange;
import io.cartographus.validate.ValidationReport;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a restore has done so far, turned into its {@link RestoreResponse} when it ends. */
final class RestoreEnding {
    private static final Logger log = LoggerFactory.getLogger(RestoreEnding.class);

    final List<String> warnings = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    private final BackupRecord record;
    private final RestorePlan plan;
    private final long t0;
    private String preRestoreId;
    private boolean databaseRestored;
    private boolean configRestored;
    private long records;
    private List<ConfigChange> configChanges;

    RestoreEnding(BackupRecord record, RestorePlan plan, long t0) {
        this.record = record;
        this.plan = plan;
        this.t0 = t0;
        warnings.addAll(plan.warnings());
    }

    void preRestoreBackup(String id) {
        preRestoreId = id;
    }

    String preRestoreId() {
        return preRestoreId;
    }

    void databaseRestored(long count) {
        databaseRestored = true;
        records = count;
    }

    void configRestored(List<ConfigChange> changes) {
        configRestored = true;
        configChanges = changes;
    }

    /** What a configuration restore changes (or would, for validate_only); reported only when one was asked for. */
    void configChanges(List<ConfigChange> changes) {
        configChanges = changes;
    }

    RestoreResponse end(RestoreResponse.Outcome outcome) {
        return end(outcome, null);
    }

    /** @param validation shown for validate_only and refusals, null otherwise */
    RestoreResponse end(RestoreResponse.Outcome outcome, ValidationReport validation) {
        boolean success = outcome == RestoreResponse.Outcome.RESTORED || outcome == RestoreResponse.Outcome.PLANNED
                || outcome == RestoreResponse.Outcome.VALIDATED_ONLY && (validation == null || validation.valid());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        log.info("restore of {} ended: {} in {} ms", record.id(), outcome, ms);
        return new RestoreResponse(success, record.id(), preRestoreId, databaseRestored, configRestored, records, ms, configRestored,
                List.copyOf(warnings), List.copyOf(errors), validation, plan, configChanges, outcome);
    }
}
