package io.cartographus.validate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The guide's validation response; {@code valid} is the AND of the four checks. {@code damaged}
 * says whether the failure is the backup's own (its archive is missing, changed or does not match
 * its manifest) rather than the check's (no key, no space for the work directory, a read error):
 * only a damaged backup is marked corrupted (docs/design.md §13).
 */
public record ValidationReport(
        @JsonProperty("valid") boolean valid,
        @JsonProperty("checksum_valid") boolean checksumValid,
        @JsonProperty("archive_readable") boolean archiveReadable,
        @JsonProperty("files_complete") boolean filesComplete,
        @JsonProperty("database_valid") boolean databaseValid,
        @JsonProperty("errors") List<String> errors,
        @JsonProperty("warnings") List<String> warnings,
        @JsonProperty("damaged") boolean damaged) {

    public ValidationReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        damaged = damaged && !valid;
    }

    /**
     * A report whose damage follows from the checks: a wrong checksum is the archive's fault even
     * without a key; an archive that could be read but whose files or database do not match its
     * manifest is too. An unreadable archive with a matching checksum was not read (key, space).
     */
    public ValidationReport(boolean valid, boolean checksumValid, boolean archiveReadable, boolean filesComplete,
                            boolean databaseValid, List<String> errors, List<String> warnings) {
        this(valid, checksumValid, archiveReadable, filesComplete, databaseValid, errors, warnings,
                !checksumValid || archiveReadable && !(filesComplete && databaseValid));
    }

    /** The first error, for short messages; null when valid. */
    public String summary() {
        return errors.isEmpty() ? null : String.join("; ", errors);
    }
}
