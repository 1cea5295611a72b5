package io.cartographus.validate;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.Catalog;
import java.time.Instant;
import java.util.Optional;

/**
 * What a check of a backup does to its record, whoever made it (a manual validation, the test
 * restore after a backup, the scrub): passed clears a corrupted state, damage sets it, and a check
 * that could not be made (no key, no space) only records that it failed (docs/design.md §13).
 */
public final class CheckOutcome {
    private CheckOutcome() {
    }

    /** @param by who checked, the first word of the verification message ("validate", "verify", "scrub") */
    public static BackupRecord apply(BackupRecord current, ValidationReport report, Instant at, String by) {
        if (report.valid()) {
            return current.passed(at, by + ": all four checks passed");
        }
        String reason = report.summary();
        if (report.damaged()) {
            return current.corrupted(at, by + ": " + reason);
        }
        return current.withVerification(new BackupRecord.Verification("failed", at, by + ": not checked: " + reason));
    }

    /**
     * Records the outcome in the catalog, unless the backup was deleted meanwhile; the updated record,
     * or empty when it is gone.
     */
    public static Optional<BackupRecord> record(Catalog catalog, String id, ValidationReport report, Instant at, String by) {
        return catalog.update(id, cur -> apply(cur, report, at, by));
    }
}
