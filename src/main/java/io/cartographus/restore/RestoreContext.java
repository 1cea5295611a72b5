package io.cartographus.restore;

import io.cartographus.backup.OperationLock;
import java.nio.file.Path;
import java.time.Clock;

/** What a restore needs besides the database, the catalog, the verifier and the backup job. */
public record RestoreContext(OperationLock lock, ServicePause pause, RestoreListener listener, Path configEnvFile, Clock clock) {
}
