package io.cartographus.restore;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cartographus.validate.ValidationReport;
import java.util.List;

/** The guide's restore response, plus {@code errors}; {@code validation} only for validate_only; {@code plan} what was decided first. */
public record RestoreResponse(
        @JsonProperty("success") boolean success,
        @JsonProperty("backup_id") String backupId,
        @JsonProperty("pre_restore_backup_id") String preRestoreBackupId,
        @JsonProperty("database_restored") boolean databaseRestored,
        @JsonProperty("config_restored") boolean configRestored,
        @JsonProperty("records_restored") long recordsRestored,
        @JsonProperty("duration_ms") long durationMs,
        @JsonProperty("restart_required") boolean restartRequired,
        @JsonProperty("warnings") List<String> warnings,
        @JsonProperty("errors") List<String> errors,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        @JsonProperty("validation") ValidationReport validation,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        @JsonProperty("plan") RestorePlan plan,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        @JsonProperty("config_changes") List<io.cartographus.config.ConfigChange> configChanges,
        @com.fasterxml.jackson.annotation.JsonIgnore Outcome outcome) {

    /** How the restore ended; the API chooses its status code from it. */
    public enum Outcome {
        RESTORED,
        /** dry_run: the plan only, nothing read or changed. */
        PLANNED,
        VALIDATED_ONLY,
        REFUSED_INVALID,
        ROLLED_BACK,
        FAILED
    }
}
