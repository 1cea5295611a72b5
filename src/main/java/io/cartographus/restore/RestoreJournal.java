package io.cartographus.restore;

import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.Permissions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Describes a database swap in progress, so that a crash at any step is repaired at the next start.
 * The swap is: journal written → live renamed to the aside name → new file renamed to the live name →
 * verified → journal marked done → aside file removed → journal removed. Recovery keeps the old
 * database unless the journal says the new one was verified.
 */
public final class RestoreJournal {
    private static final Logger log = LoggerFactory.getLogger(RestoreJournal.class);

    private final Path journal;
    private final Path live;
    private final Path aside;
    private final Path incoming;

    public RestoreJournal(Path live) {
        this.live = live;
        this.journal = live.resolveSibling("restore.journal");
        this.aside = live.resolveSibling(live.getFileName() + ".before-restore");
        this.incoming = live.resolveSibling(live.getFileName() + ".incoming");
    }

    public Path aside() {
        return aside;
    }

    /** Where the verified new database is placed before the swap (same directory, so renames are atomic). */
    public Path incoming() {
        return incoming;
    }

    void begin() throws IOException {
        write("swapping");
    }

    void markDone() throws IOException {
        write("done");
    }

    void clear() throws IOException {
        Files.deleteIfExists(journal);
        AtomicFile.syncDirectory(live.getParent());
    }

    private void write(String state) throws IOException {
        AtomicFile.write(journal, (state + "\n").getBytes(StandardCharsets.UTF_8), Permissions.FILE);
    }

    /**
     * Repairs an interrupted swap; call before opening the database. Returns a description of what
     * it did, or null when there was nothing to do.
     */
    public String recover() {
        try {
            Files.deleteIfExists(wal(incoming));
            if (!Files.exists(journal)) {
                Files.deleteIfExists(incoming);
                return null;
            }
            String state = Files.readString(journal, StandardCharsets.UTF_8).strip();
            String what;
            if (state.equals("done")) {
                Files.deleteIfExists(aside);
                Files.deleteIfExists(wal(aside));
                what = "finished an interrupted restore's clean-up";
            } else if (Files.exists(aside)) {
                // Not verified: put the old database back, whether or not the new one was renamed in.
                Files.deleteIfExists(wal(live));
                Files.move(aside, live, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                if (Files.exists(wal(aside))) {
                    Files.move(wal(aside), wal(live), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
                what = "an interrupted restore was rolled back: the previous database is in place";
            } else {
                what = "an interrupted restore had not touched the database yet";
            }
            Files.deleteIfExists(incoming);
            clear();
            log.warn("restore journal: {}", what);
            return what;
        } catch (IOException e) {
            throw new io.cartographus.error.BackupException(io.cartographus.error.ErrorKind.INTERNAL,
                    "cannot repair the interrupted restore described by " + journal + ": " + e.getMessage(), e);
        }
    }

    static Path wal(Path db) {
        return db.resolveSibling(db.getFileName() + ".wal");
    }
}
