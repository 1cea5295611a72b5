package io.cartographus.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.Permissions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** metadata.json on disk: {@code {"version":1,"backups":[…],"schedule":{…}}}, always replaced atomically. */
final class CatalogFile {
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Content(@JsonProperty("version") int version, @JsonProperty("backups") List<BackupRecord> backups,
                   @JsonProperty("schedule") ScheduleState schedule) {
    }

    /** The file's order: oldest first, ties by id, so that the same index is always the same bytes. */
    static final Comparator<BackupRecord> OLDEST_FIRST =
            Comparator.comparing(BackupRecord::createdAt).thenComparing(BackupRecord::id);

    private final Path path;
    private final ObjectMapper json;

    CatalogFile(Path path, ObjectMapper json) {
        this.path = path;
        this.json = json;
    }

    Path path() {
        return path;
    }

    /** Reads the file; throws IOException when it is missing, unreadable or not our format. */
    Content read() throws IOException {
        Content c = json.readValue(Files.readAllBytes(path), Content.class);
        if (c == null || c.version() != 1 || c.backups() == null || c.backups().stream().anyMatch(b -> b == null || !BackupId.isValid(b.id()))) {
            throw new IOException("not a version 1 backup index");
        }
        return c;
    }

    void write(Collection<BackupRecord> backups, ScheduleState schedule) throws IOException {
        AtomicFile.write(path, bytes(backups, schedule), Permissions.FILE);
    }

    /**
     * Writes only when the content differs from what is on disk: opening the catalog (every CLI
     * command) then leaves an index that is already right alone instead of rewriting and fsyncing it.
     */
    void writeIfChanged(Collection<BackupRecord> backups, ScheduleState schedule) throws IOException {
        byte[] content = bytes(backups, schedule);
        if (Files.isRegularFile(path) && Files.size(path) == content.length
                && java.util.Arrays.equals(Files.readAllBytes(path), content)) {
            return;
        }
        AtomicFile.write(path, content, Permissions.FILE);
    }

    private byte[] bytes(Collection<BackupRecord> backups, ScheduleState schedule) throws IOException {
        List<BackupRecord> sorted = new ArrayList<>(backups);
        sorted.sort(OLDEST_FIRST);
        return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Content(1, sorted, schedule));
    }
}
