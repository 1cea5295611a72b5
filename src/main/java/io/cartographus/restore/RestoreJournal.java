package io.cartographus.restore;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.Permissions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a database swap as a sequence of renames described by a journal file, so that a crash
 * at any step is repaired at the next start. The swap is: journal written ("swapping") → live WAL,
 * then live file renamed to the aside names → new file renamed to the live name → (the caller
 * reopens and verifies) → journal marked "done" → aside file removed or kept → journal removed.
 *
 * <p>Recovery keeps the old database unless the journal says the new one was verified. The WAL
 * moves aside before the main file, so that whenever the aside file exists, whatever WAL sits next
 * to the live name belongs to the new database (or to nobody) and may be deleted.
 *
 * <p>The journal's first line is the state; an optional {@code keep <file name>} line says where the
 * previous database is kept when no pre-restore backup holds it (otherwise it is deleted).
 */
public final class RestoreJournal {
    private static final Logger log = LoggerFactory.getLogger(RestoreJournal.class);
    private static final String KEEP = "keep ";

    private final Path journal;
    private final Path live;
    private final Path aside;
    private final Path incoming;
    private String keepAs;

    public RestoreJournal(Path live) {
        this.live = live;
        this.journal = live.resolveSibling("restore.journal");
        this.aside = live.resolveSibling(live.getFileName() + ".before-restore");
        this.incoming = live.resolveSibling(live.getFileName() + ".incoming");
    }

    public Path aside() {
        return aside;
    }

    /** Where the checked new database is placed before the swap (same directory, so renames are atomic). */
    public Path incoming() {
        return incoming;
    }

    /**
     * Writes the journal. {@code keepAs}: the file name (in the same directory) under which the previous
     * database is kept once the swap is done, or null to delete it then.
     */
    void begin(String keepAs) throws IOException {
        this.keepAs = keepAs;
        write("swapping");
    }

    /** WAL first, then the main file (see the class comment). Returns whether there was a live file. */
    boolean moveLiveAside() throws IOException {
        moveIfExists(wal(live), wal(aside));
        boolean hadLive = Files.exists(live);
        if (hadLive) {
            Files.move(live, aside, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        AtomicFile.syncDirectory(live.getParent());
        return hadLive;
    }

    void moveIncomingIn() throws IOException {
        Files.move(incoming, live, StandardCopyOption.ATOMIC_MOVE);
        AtomicFile.syncDirectory(live.getParent());
    }

    void markDone() throws IOException {
        write("done");
    }

    /** After "done": removes or keeps the previous database, then removes the journal. Returns where it was kept, or null. */
    Path finish() throws IOException {
        Path kept = settleAside();
        clear();
        return kept;
    }

    /** Before "done", with the database closed: puts the previous database back and removes the journal. */
    void rollBack(boolean hadLive) throws IOException {
        Files.deleteIfExists(wal(live));
        if (hadLive) {
            Files.move(aside, live, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.deleteIfExists(live);
        }
        moveIfExists(wal(aside), wal(live));
        AtomicFile.syncDirectory(live.getParent());
        clear();
    }

    private Path settleAside() throws IOException {
        if (!Files.exists(aside) && !Files.exists(wal(aside))) {
            return null;
        }
        if (keepAs == null) {
            Files.deleteIfExists(aside);
            Files.deleteIfExists(wal(aside));
            return null;
        }
        Path kept = live.resolveSibling(keepAs);
        moveIfExists(aside, kept);
        // The WAL goes with its file: it may hold committed transactions the file does not have yet.
        moveIfExists(wal(aside), wal(kept));
        return kept;
    }

    private void clear() throws IOException {
        Files.deleteIfExists(journal);
        AtomicFile.syncDirectory(live.getParent());
    }

    private void write(String state) throws IOException {
        String text = state + "\n" + (keepAs == null ? "" : KEEP + keepAs + "\n");
        AtomicFile.write(journal, text.getBytes(StandardCharsets.UTF_8), Permissions.FILE);
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
            List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
            String state = lines.isEmpty() ? "" : lines.get(0).strip();
            keepAs = lines.stream().filter(l -> l.startsWith(KEEP)).map(l -> l.substring(KEEP.length()).strip())
                    .findFirst().map(this::trustedKeepName).orElse(null);
            String what;
            if (state.equals("done")) {
                Path kept = settleAside();
                what = "finished an interrupted restore's clean-up: the restored database is in place"
                        + (kept == null ? "" : "; the previous one is kept as " + kept.getFileName());
            } else if (Files.exists(aside)) {
                // Not verified: put the old database back, whether or not the new one was renamed in.
                Files.deleteIfExists(wal(live));
                Files.move(aside, live, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                moveIfExists(wal(aside), wal(live));
                what = "an interrupted restore was rolled back: the previous database is in place";
            } else if (Files.exists(wal(aside))) {
                // Crashed between the two renames aside: only the WAL had moved.
                moveIfExists(wal(aside), wal(live));
                what = "an interrupted restore was rolled back before it replaced the database";
            } else {
                what = "an interrupted restore had not touched the database yet";
            }
            Files.deleteIfExists(incoming);
            clear();
            log.warn("restore journal: {}", what);
            return what;
        } catch (IOException e) {
            throw new BackupException(ErrorKind.INTERNAL,
                    "cannot repair the interrupted restore described by " + journal + ": " + e.getMessage(), e);
        }
    }

    /**
     * The journal is a file on disk like any other: a keep name is only used when it is one this class
     * writes ({@code <database>.replaced-<id>[-n]}) and names no existing file; any other name (a path,
     * the token file, the database itself) would make recovery move the old database over it, so the
     * old database is then kept under a fresh name of that form instead of being lost or misplaced.
     */
    private String trustedKeepName(String name) {
        String prefix = live.getFileName() + ".replaced-";
        boolean ours = name.startsWith(prefix) && name.substring(prefix.length()).matches("[0-9a-z-]{1,80}");
        if (ours && !Files.exists(live.resolveSibling(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return name;
        }
        String base = prefix + "recovered";
        String fresh = base;
        for (int n = 2; Files.exists(live.resolveSibling(fresh), java.nio.file.LinkOption.NOFOLLOW_LINKS); n++) {
            fresh = base + "-" + n;
        }
        log.warn("restore journal: refused keep name '{}'; the previous database is kept as {}",
                name.replaceAll("\\p{Cntrl}", "?"), fresh);
        return fresh;
    }

    private static void moveIfExists(Path from, Path to) throws IOException {
        if (Files.exists(from)) {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static Path wal(Path db) {
        return db.resolveSibling(db.getFileName() + ".wal");
    }
}
