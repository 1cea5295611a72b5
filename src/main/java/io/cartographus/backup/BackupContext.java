package io.cartographus.backup;

import java.time.Clock;
import java.util.function.Supplier;

/** What a backup needs besides the database and the catalog; {@code verify}: BACKUP_VERIFY (new backups start pending). */
public record BackupContext(Supplier<byte[]> configDocument, BackupListener listener, Clock clock, String appVersion,
                            boolean verify, long spaceMargin) {
    /** Room kept free beyond the estimate, so a backup never fills the disk to the last byte. */
    public static final long DEFAULT_SPACE_MARGIN = 64L << 20;
}
