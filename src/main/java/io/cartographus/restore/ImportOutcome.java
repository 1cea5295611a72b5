package io.cartographus.restore;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.validate.ValidationReport;

/**
 * How an import ended; the API chooses its status from it (201, 409, 422).
 *
 * @param record the new record (IMPORTED only)
 * @param validation the checks' result (IMPORTED and INVALID)
 * @param duplicateOf the existing backup it duplicates (DUPLICATE only)
 * @param message one sentence for the operator
 */
public record ImportOutcome(Status status, BackupRecord record, ValidationReport validation, String duplicateOf, String message) {
    public enum Status {
        IMPORTED,
        DUPLICATE,
        INVALID
    }

    static ImportOutcome invalid(ValidationReport report) {
        return new ImportOutcome(Status.INVALID, null, report, null,
                "the archive is not a valid backup; nothing was imported: " + report.summary());
    }

    static ImportOutcome duplicate(String existingId, String why) {
        return new ImportOutcome(Status.DUPLICATE, null, null, existingId, "this archive is already backup " + existingId
                + " (" + why + "); nothing was imported");
    }
}
