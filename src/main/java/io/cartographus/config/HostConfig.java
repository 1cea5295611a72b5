package io.cartographus.config;

import java.nio.file.Path;

/**
 * The host application's settings: DATA_DIR, DUCKDB_PATH, HTTP_HOST, HTTP_PORT, MAINTENANCE_MODE,
 * CARTOGRAPHUS_ADMIN_TOKEN (null when unset).
 */
public record HostConfig(Path dataDir, Path duckdbPath, String httpHost, int httpPort, boolean maintenanceMode,
                         String adminToken) {
    @Override
    public String toString() {
        return "HostConfig[dataDir=" + dataDir + ", duckdbPath=" + duckdbPath + ", httpHost=" + httpHost
                + ", httpPort=" + httpPort + ", maintenanceMode=" + maintenanceMode
                + ", adminToken=" + (adminToken == null ? "unset" : "(set)") + "]";
    }
}
