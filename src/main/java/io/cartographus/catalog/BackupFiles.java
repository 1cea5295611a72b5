package io.cartographus.catalog;

import java.nio.file.Path;

/** Where a backup's files live in BACKUP_DIR (docs/design.md §3). */
public record BackupFiles(Path dir) {
    public static final String METADATA = "metadata.json";

    public Path archive(String fileName) {
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
        return "backup-" + id + extension;
    }
}
