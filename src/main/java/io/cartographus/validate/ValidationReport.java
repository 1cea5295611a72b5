package io.cartographus.validate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The guide's validation response; {@code valid} is the AND of the four checks. */
public record ValidationReport(
        @JsonProperty("valid") boolean valid,
        @JsonProperty("checksum_valid") boolean checksumValid,
        @JsonProperty("archive_readable") boolean archiveReadable,
        @JsonProperty("files_complete") boolean filesComplete,
        @JsonProperty("database_valid") boolean databaseValid,
        @JsonProperty("errors") List<String> errors,
        @JsonProperty("warnings") List<String> warnings) {

    public ValidationReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /** The first error, for short messages; null when valid. */
    public String summary() {
        return errors.isEmpty() ? null : String.join("; ", errors);
    }
}
