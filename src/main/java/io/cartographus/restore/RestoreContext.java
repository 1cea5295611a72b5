package io.cartographus.restore;

import io.cartographus.backup.OperationLock;
import io.cartographus.config.LoadedConfig;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What a restore needs besides the database, the catalog, the verifier and the backup job.
 * {@code crashPoints} is a test-only hook ({@link CrashPoints#NONE} in production); {@code config} is
 * the configuration in effect, which a configuration restore reports its changes against (null:
 * unknown, then they are reported against the defaults).
 */
public record RestoreContext(OperationLock lock, ServicePause pause, RestoreListener listener, Path configEnvFile, Clock clock,
                             CrashPoints crashPoints, LoadedConfig config) {

    public RestoreContext(OperationLock lock, ServicePause pause, RestoreListener listener, Path configEnvFile, Clock clock) {
        this(lock, pause, listener, configEnvFile, clock, CrashPoints.NONE, null);
    }
}
