package io.cartographus.restore;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cartographus.config.BackupType;

/**
 * The guide's seven restore options, plus {@code dry_run} (plan only, change nothing). Null means "default": {@code restore_database} and
 * {@code restore_config} then follow the backup's type.
 */
public record RestoreOptions(
        @JsonProperty("validate_only") Boolean validateOnly,
        @JsonProperty("create_pre_restore_backup") Boolean createPreRestoreBackup,
        @JsonProperty("stop_services") Boolean stopServices,
        @JsonProperty("restore_database") Boolean restoreDatabase,
        @JsonProperty("restore_config") Boolean restoreConfig,
        @JsonProperty("force_restore") Boolean forceRestore,
        @JsonProperty("verify_after_restore") Boolean verifyAfterRestore,
        @JsonProperty("dry_run") Boolean dryRun) {

    public RestoreOptions(Boolean validateOnly, Boolean createPreRestoreBackup, Boolean stopServices, Boolean restoreDatabase,
                          Boolean restoreConfig, Boolean forceRestore, Boolean verifyAfterRestore) {
        this(validateOnly, createPreRestoreBackup, stopServices, restoreDatabase, restoreConfig, forceRestore, verifyAfterRestore, null);
    }

    public static RestoreOptions defaults() {
        return new RestoreOptions(null, null, null, null, null, null, null, null);
    }

    boolean dryRunOrDefault() {
        return Boolean.TRUE.equals(dryRun);
    }

    boolean validateOnlyOrDefault() {
        return Boolean.TRUE.equals(validateOnly);
    }

    boolean preRestoreBackupOrDefault() {
        return !Boolean.FALSE.equals(createPreRestoreBackup);
    }

    boolean stopServicesOrDefault() {
        return !Boolean.FALSE.equals(stopServices);
    }

    boolean forceOrDefault() {
        return Boolean.TRUE.equals(forceRestore);
    }

    boolean verifyOrDefault() {
        return !Boolean.FALSE.equals(verifyAfterRestore);
    }

    /** Whether the configuration is asked for: as given, else when a backup of this type has one (the guide's "by type"). */
    boolean restoreConfigFor(BackupType type) {
        return restoreConfig == null ? type.hasConfig() : restoreConfig;
    }
}
