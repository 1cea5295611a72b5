package io.cartographus.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.Permissions;
import java.io.IOException;

/** The one-record files {@code backup-<id>.json}, written by the index and by start-up recovery alike. */
final class Sidecars {
    private final BackupFiles files;
    private final ObjectMapper json;

    Sidecars(BackupFiles files, ObjectMapper json) {
        this.files = files;
        this.json = json;
    }

    void write(BackupRecord r) throws IOException {
        AtomicFile.write(files.sidecar(r.id()), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(r), Permissions.FILE);
    }
}
