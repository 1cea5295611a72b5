package io.cartographus.backup;

import java.time.Clock;
import java.util.function.Supplier;

/** What a backup needs besides the database and the catalog; {@code verify}: BACKUP_VERIFY (new backups start pending). */
public record BackupContext(Supplier<byte[]> configDocument, BackupListener listener, Clock clock, String appVersion,
                            boolean verify) {
}
