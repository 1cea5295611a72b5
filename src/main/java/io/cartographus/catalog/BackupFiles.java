package io.cartographus.catalog;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a backup's files live in BACKUP_DIR (docs/design.md §3). A name read from disk (a record, a sidecar,
 * metadata.json) is only ever turned into a path here, and only when it is the canonical name of an
 * archive: {@code backup-<id>} plus one of {@link #EXTENSIONS}, so it cannot leave the directory.
 */
public record BackupFiles(Path dir) {
    public static final String METADATA = "metadata.json";
    /** Every archive extension the writer produces: compression, then optionally encryption. */
    public static final List<String> EXTENSIONS =
            List.of(".tar.gz.enc", ".tar.zst.enc", ".tar.enc", ".tar.gz", ".tar.zst", ".tar");

    /**
     * The path of an archive; refuses (CORRUPT_ARCHIVE) any name that is not {@code backup-<valid id><extension>},
     * so that a hostile record can never point a download, a deletion or a restore at another file.
     */
    public Path archive(String fileName) {
        if (idOfArchive(fileName) == null) {
            throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "refusing archive name '" + shown(fileName)
                    + "': an archive is named backup-<id>.tar[.gz|.zst][.enc] inside " + dir);
        }
        return dir.resolve(fileName);
    }

    public Path checksum(String id) {
        return dir.resolve("backup-" + id + ".sha256");
    }

    public Path sidecar(String id) {
        return dir.resolve("backup-" + id + ".json");
    }

    public Path metadata() {
        return dir.resolve(METADATA);
    }

    /** The archive's file name for an id and extension such as {@code .tar.gz} or {@code .tar.zst.enc}. */
    public static String archiveName(String id, String extension) {
        if (!EXTENSIONS.contains(extension)) {
            throw new IllegalArgumentException("not an archive extension: " + extension);
        }
        return "backup-" + id + extension;
    }

    /** Whether {@code fileName} is exactly the archive name of backup {@code id} (the only names a record may carry). */
    public static boolean isArchiveName(String id, String fileName) {
        return fileName != null && id != null && id.equals(idOfArchive(fileName));
    }

    /** The valid backup id an archive name carries, or null when it is not {@code backup-<id><extension>}. */
    public static String idOfArchive(String fileName) {
        String ext = extensionOf(fileName);
        if (ext == null || !fileName.startsWith("backup-")) {
            return null;
        }
        String id = fileName.substring("backup-".length(), fileName.length() - ext.length());
        return BackupId.isValid(id) ? id : null;
    }

    /** The archive extension {@code fileName} ends with (the longest one), or null. */
    public static String extensionOf(String fileName) {
        return fileName == null ? null : EXTENSIONS.stream().filter(fileName::endsWith).findFirst().orElse(null);
    }

    /**
     * Why a record must not be trusted, or null when it may be: its {@code file_name} is not the
     * canonical name for its id, or that name is a symbolic link or not a regular file (a link
     * could make a download serve, or a restore read, any file the service can read).
     */
    public String distrust(BackupRecord r) {
        if (r.fileName() == null) {
            return null;
        }
        if (!isArchiveName(r.id(), r.fileName())) {
            return "its file_name '" + shown(r.fileName()) + "' is not backup-" + r.id() + ".tar[.gz|.zst][.enc]";
        }
        Path p = dir.resolve(r.fileName());
        if (Files.isSymbolicLink(p)) {
            return "its archive " + r.fileName() + " is a symbolic link";
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return "its archive " + r.fileName() + " is not a regular file";
        }
        return null;
    }

    private static String shown(String name) {
        String s = String.valueOf(name);
        return (s.length() > 80 ? s.substring(0, 80) + "…" : s).replaceAll("\\p{Cntrl}", "?");
    }
}
