package io.cartographus.catalog;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Describes an archive found in BACKUP_DIR that no record or sidecar knows (copied in by hand, or
 * the sidecars were lost), so that {@link Catalog#open} can register it. Reading archives is not
 * the catalog's business, hence this seam; {@link #NONE} leaves such files alone (and unmentioned).
 */
public interface ArchiveProbe {
    ArchiveProbe NONE = (archive, idFromName, known, taken) -> new Finding(null, "left alone (no archive reader configured)");

    /** The record to add (null: leave the file alone) and what to tell the operator about it. */
    record Finding(BackupRecord record, String note) {
    }

    /**
     * @param archive the file
     * @param idFromName the backup id its name carries, or null when the name carries no valid id
     * @param known the records already in the index (to recognize the same content under another name)
     * @param taken whether an id is already in use
     */
    Finding describe(Path archive, String idFromName, List<BackupRecord> known, Predicate<String> taken);
}
