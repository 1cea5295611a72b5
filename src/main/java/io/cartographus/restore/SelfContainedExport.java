package io.cartographus.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.archive.ArchiveWriter;
import io.cartographus.backup.ArchiveSettings;
import io.cartographus.backup.Manifest;
import io.cartographus.catalog.BackupFiles;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.KeepOpenOutputStream;
import io.cartographus.fs.TempFiles;
import io.cartographus.validate.ArchiveVerifier;
import io.cartographus.validate.Inspection;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A deduplicated backup as one self-contained archive, in the format of any other backup
 * ({@code database/<file>}, {@code config/config.json}, {@code manifest.json} without the chunk
 * list), so that it imports and restores where there is no chunk store. The database file is first
 * rebuilt and validated in a work directory in BACKUP_DIR (a damaged backup is refused, not
 * exported), then streamed out with the current compression, and encrypted when new backups are.
 */
public final class SelfContainedExport {
    private SelfContainedExport() {
    }

    /** The file name the export is offered under. */
    public static String fileName(BackupRecord r, ArchiveSettings settings) {
        return BackupFiles.archiveName(r.id(), settings.extension());
    }

    /**
     * Validates {@code r} and writes its export to {@code out} (left open). The caller keeps the
     * backup from being deleted meanwhile (an {@code InUse} claim).
     */
    public static void write(BackupRecord r, ArchiveVerifier verifier, ArchiveSettings settings, ObjectMapper json, OutputStream out) {
        Path dir = verifier.workParent();
        Path work = null;
        try {
            work = Files.createTempDirectory(dir, AtomicFile.TEMP_PREFIX + "export-");
            Inspection ins = verifier.inspect(r, work);
            if (!ins.report().valid() || ins.databaseFile() == null) {
                throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "backup " + r.id() + " does not validate, so it is not exported: "
                        + ins.report().summary(), "see POST /api/v1/backup/validate/" + r.id(), null);
            }
            Manifest m = ins.manifest().withoutChunks();
            OutputStream sink = settings.encrypted() ? settings.cipher().encrypting(new KeepOpenOutputStream(out)) : out;
            try (ArchiveWriter archive = new ArchiveWriter(new KeepOpenOutputStream(sink), settings.compression(), settings.level(),
                    settings.threads())) {
                archive.addFile(m.databaseEntry(), ins.databaseFile(), Files.size(ins.databaseFile()));
                if (ins.configDocument() != null) {
                    archive.addBytes(Manifest.CONFIG_ENTRY, ins.configDocument());
                }
                archive.addBytes(Manifest.NAME, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
                archive.finish();
            }
            if (sink != out) {
                sink.close();
            }
            out.flush();
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "exporting backup " + r.id() + ": " + e.getMessage(), e);
        } finally {
            if (work != null) {
                try {
                    TempFiles.deleteRecursively(work);
                } catch (IOException e) {
                    // Left for the start-up clean-up: the name carries the temporary prefix.
                }
            }
        }
    }
}
