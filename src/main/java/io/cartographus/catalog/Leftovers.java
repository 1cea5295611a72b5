package io.cartographus.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What a crash can leave in BACKUP_DIR besides temporary files: the archive and checksum of a
 * backup that never completed, and a deletion that stopped half-way. A deletion first renames the
 * sidecar to {@code backup-<id>.deleting} (the tombstone), so start-up knows to finish it instead
 * of bringing the backup back from its index entry or leaving its archive without a record.
 */
final class Leftovers {
    static final String TOMBSTONE_SUFFIX = ".deleting";

    private final BackupFiles files;

    Leftovers(BackupFiles files) {
        this.files = files;
    }

    Path tombstone(String id) {
        return files.dir().resolve("backup-" + id + TOMBSTONE_SUFFIX);
    }

    /** The archive (any compression, encrypted or not) and the checksum file of a backup; never its sidecar. */
    List<Path> archiveFiles(String id) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(files.dir(), "backup-" + id + ".*")) {
            for (Path p : ds) {
                String rest = p.getFileName().toString().substring(("backup-" + id).length());
                if (rest.startsWith(".tar") || rest.equals(".sha256")) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** The record a tombstone holds (it was the sidecar), or null when it is empty or unreadable. */
    BackupRecord readTombstone(String id, ObjectMapper json) {
        try {
            byte[] b = Files.readAllBytes(tombstone(id));
            BackupRecord r = b.length == 0 ? null : json.readValue(b, BackupRecord.class);
            return r != null && id.equals(r.id()) ? r : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Ids of deletions a crash interrupted. */
    List<String> interruptedDeletions() throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(files.dir(), "backup-*" + TOMBSTONE_SUFFIX)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                String id = name.substring("backup-".length(), name.length() - TOMBSTONE_SUFFIX.length());
                if (BackupId.isValid(id)) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    /** Ids that have an archive or a checksum file in the directory (one listing, however many backups). */
    Set<String> idsWithArchives() throws IOException {
        Set<String> out = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(files.dir(), "backup-*")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                int cut = name.endsWith(".sha256") ? name.length() - ".sha256".length() : name.indexOf(".tar");
                if (cut > "backup-".length()) {
                    String id = name.substring("backup-".length(), cut);
                    if (BackupId.isValid(id)) {
                        out.add(id);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Deletes what {@link #archiveFiles} finds, sparing an archive that another record names as its
     * own (archive discovery may have registered a file under a new id); returns whether anything was
     * deleted.
     */
    boolean deleteArchiveFiles(String id, Predicate<String> namedByAnotherRecord) throws IOException {
        boolean any = false;
        for (Path p : archiveFiles(id)) {
            String name = p.getFileName().toString();
            if (name.endsWith(".sha256") || !namedByAnotherRecord.test(name)) {
                any |= Files.deleteIfExists(p);
            }
        }
        return any;
    }
}
