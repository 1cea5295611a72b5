package io.cartographus.validate;

import io.cartographus.backup.Manifest;
import java.nio.file.Path;

/**
 * A verified read of an archive: the report, and what restore needs from it — the manifest, the
 * extracted database file (null without one) and the sanitized configuration (null without one).
 */
public record Inspection(ValidationReport report, Manifest manifest, Path databaseFile, byte[] configDocument,
                         long recordsInDatabase) {
}
