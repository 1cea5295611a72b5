package io.cartographus.restore.tables;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.cartographus.restore.RestoreResponse;
import java.util.List;
import java.util.Map;

/**
 * The guide's restore response for a table restore, plus {@code mode} and {@code tables_restored}
 * (rows written per table; {@code records_restored} is their sum). The database stays open, so
 * {@code restart_required} is false.
 */
public record TableRestoreResponse(
        @JsonProperty("success") boolean success,
        @JsonProperty("backup_id") String backupId,
        @JsonProperty("pre_restore_backup_id") String preRestoreBackupId,
        @JsonProperty("database_restored") boolean databaseRestored,
        @JsonProperty("config_restored") boolean configRestored,
        @JsonProperty("records_restored") long recordsRestored,
        @JsonProperty("duration_ms") long durationMs,
        @JsonProperty("restart_required") boolean restartRequired,
        @JsonProperty("mode") String mode,
        @JsonProperty("tables_restored") Map<String, Long> tablesRestored,
        @JsonProperty("warnings") List<String> warnings,
        @JsonProperty("errors") List<String> errors,
        @JsonIgnore RestoreResponse.Outcome outcome) {

    /** The same outcome in the full restore's terms, for metrics and notifications. */
    public RestoreResponse asRestoreResponse() {
        return new RestoreResponse(success, backupId, preRestoreBackupId, databaseRestored, configRestored, recordsRestored,
                durationMs, restartRequired, warnings, errors, null, null, null, outcome);
    }
}
