package io.cartographus.config;

import java.nio.file.Path;

/**
 * The host application's settings: DATA_DIR, DUCKDB_PATH, HTTP_HOST, HTTP_PORT, MAINTENANCE_MODE,
 * CARTOGRAPHUS_ADMIN_TOKEN (null when unset), LOG_DIR (null when unset: standard error only).
 */
public record HostConfig(Path dataDir, Path duckdbPath, String httpHost, int httpPort, boolean maintenanceMode,
                         String adminToken, Path logDir) {
    public HostConfig(Path dataDir, Path duckdbPath, String httpHost, int httpPort, boolean maintenanceMode, String adminToken) {
        this(dataDir, duckdbPath, httpHost, httpPort, maintenanceMode, adminToken, null);
    }

    @Override
    public String toString() {
        return "HostConfig[dataDir=" + dataDir + ", duckdbPath=" + duckdbPath + ", httpHost=" + httpHost
                + ", httpPort=" + httpPort + ", maintenanceMode=" + maintenanceMode
                + ", adminToken=" + (adminToken == null ? "unset" : "(set)") + ", logDir=" + logDir + "]";
    }
}
