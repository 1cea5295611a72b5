package io.cartographus.validate;

import io.cartographus.backup.Manifest;
import java.nio.file.Path;

/**
 * A verified read of an archive: the report, and what restore needs from it — the manifest, the
 * extracted database file (null without one) and the sanitized configuration (null without one).
 *
 * @param untrusted the archive's database (or configuration) is not what cartographus writes: a view,
 *     a macro, a foreign schema, a configuration that would not start. Unlike damaged data, this is
 *     never restored, not even with force_restore.
 */
public record Inspection(ValidationReport report, Manifest manifest, Path databaseFile, byte[] configDocument,
                         long recordsInDatabase, boolean untrusted) {

    /** Whether force_restore may restore it although the checks failed: it read cleanly and nothing in it is foreign. */
    public boolean forceable() {
        return report.archiveReadable() && !untrusted;
    }
}
