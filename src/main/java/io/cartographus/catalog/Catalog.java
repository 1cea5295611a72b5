package io.cartographus.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.Permissions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup index. The truth is spread over one sidecar per backup ({@code backup-<id>.json}) and
 * summarized in metadata.json; either can rebuild the other, so losing or corrupting metadata.json
 * never loses the history (the bad file is kept aside, never silently emptied). What opening finds
 * and repairs is {@link StartupRecovery}'s business; from then on every change goes through here.
 */
public final class Catalog {
    private static final Logger log = LoggerFactory.getLogger(Catalog.class);
    private static final Comparator<BackupRecord> NEWEST_FIRST = CatalogFile.OLDEST_FIRST.reversed();

    private final BackupFiles files;
    private final CatalogFile file;
    private final Leftovers leftovers;
    private final Sidecars sidecars;
    private final Clock clock;
    /**
     * Guards the working copy. Private, so that no caller can hold the index while it does work of its
     * own: what must happen as one step with the index's changes is an operation here ({@link #register}, {@link #adopt}).
     */
    private final Object lock = new Object();
    /** The working copy, changed only under {@link #lock}; readers use {@link #view}. */
    private final Map<String, BackupRecord> records;
    /**
     * What readers see: republished after every change, so that listing and status never wait for a
     * writer's fsync (rewriting metadata.json with 10,000 records takes tens of milliseconds).
     */
    private volatile View view = View.EMPTY;
    private final List<String> startupNotes;
    /** Deletions finished while opening, for the deletion listener once it is set. */
    private final List<BackupRecord> finishedAtOpen;
    private volatile ScheduleState schedule;
    private volatile DeletionListener deletions = DeletionListener.NONE;

    private Catalog(BackupFiles files, ObjectMapper json, Clock clock, StartupRecovery.Recovered opened) {
        this.files = files;
        this.file = new CatalogFile(files.metadata(), json);
        this.leftovers = new Leftovers(files);
        this.sidecars = new Sidecars(files, json);
        this.clock = clock;
        this.records = new LinkedHashMap<>(opened.records());
        this.schedule = opened.schedule();
        this.startupNotes = opened.notes();
        this.finishedAtOpen = new ArrayList<>(opened.finished());
        publish();
    }

    /** As {@link #open(Path, ObjectMapper, ArchiveProbe, Clock)}, leaving unknown archives alone, on the system clock. */
    public static Catalog open(Path dir, ObjectMapper json) {
        return open(dir, json, ArchiveProbe.NONE, Clock.systemUTC());
    }

    /**
     * Opens the index in {@code dir} once {@link StartupRecovery} has repaired what a crash or a hand
     * left there; archives ({@code backup-*.tar[.gz|.zst][.enc]}) that no record names are described by
     * {@code probe} and registered, with their checksum file and sidecar written (docs/design.md §3: a
     * fresh DATA_DIR whose BACKUP_DIR already holds archives finds them). {@code clock} says when
     * "now" is for interrupted backups and for a {@code created_at} in the future.
     */
    public static Catalog open(Path dir, ObjectMapper json, ArchiveProbe probe, Clock clock) {
        try {
            Permissions.ensureDirectory(dir);
            BackupFiles files = new BackupFiles(dir);
            return new Catalog(files, json, clock, new StartupRecovery(files, json, clock).recover(probe));
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot open the backup directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private boolean namedByARecord(String fileName) {
        return records.values().stream().anyMatch(r -> fileName.equals(r.fileName()));
    }

    /** What opening the index found and fixed, for the start-up log and the status endpoint. */
    public List<String> startupNotes() {
        return view.startupNotes();
    }

    public BackupFiles files() {
        return files;
    }

    /** All records, newest first (a copy the caller may change). */
    public List<BackupRecord> all() {
        return new ArrayList<>(view.newestFirst());
    }

    public Optional<BackupRecord> get(String id) {
        return Optional.ofNullable(view.byId().get(id));
    }

    public boolean contains(String id) {
        return view.byId().containsKey(id);
    }

    /** Makes the working copy visible to readers; called under {@link #lock} after every change. */
    private void publish() {
        List<BackupRecord> sorted = new ArrayList<>(records.values());
        sorted.sort(NEWEST_FIRST);
        view = new View(List.copyOf(sorted), Map.copyOf(records), List.copyOf(startupNotes));
    }

    private record View(List<BackupRecord> newestFirst, Map<String, BackupRecord> byId, List<String> startupNotes) {
        static final View EMPTY = new View(List.of(), Map.of(), List.of());
    }

    /**
     * Adds the record that {@code build} makes from a test of which ids are taken (by a record or a
     * sidecar), as one step: two backups starting in the same second cannot both take one id.
     */
    public BackupRecord register(Function<Predicate<String>, BackupRecord> build) {
        synchronized (lock) {
            BackupRecord r = build.apply(id -> records.containsKey(id) || Files.exists(files.sidecar(id)));
            put(r);
            return r;
        }
    }

    /** What {@link #adopt} did: added {@code record}, or found that the archive duplicates it. */
    public record Adoption(BackupRecord record, boolean added) {
    }

    /**
     * Adds a backup made elsewhere whose archive waits in {@code upload} (a file in BACKUP_DIR), as one
     * step, so that the same archive arriving twice at once is added once and no backup takes its id
     * meanwhile. Unless {@code duplicateOf} finds, among the records (newest first), the one the archive
     * duplicates, {@code build} makes the record from a test of which ids are taken (by a record, a
     * sidecar or a checksum file); the upload is renamed to its archive name (BUSY when a file has that
     * name), then its checksum file and the record are written. When either write fails, neither the
     * archive nor the checksum file stays. Returns the record as {@code build} made it.
     */
    public Adoption adopt(Path upload, Function<List<BackupRecord>, Optional<BackupRecord>> duplicateOf,
                          Function<Predicate<String>, BackupRecord> build) {
        synchronized (lock) {
            Optional<BackupRecord> duplicate = duplicateOf.apply(all());
            if (duplicate.isPresent()) {
                return new Adoption(duplicate.get(), false);
            }
            BackupRecord r = build.apply(id -> records.containsKey(id) || Files.exists(files.sidecar(id)) || Files.exists(files.checksum(id)));
            Path target = files.archive(r.fileName());
            if (Files.exists(target)) {
                throw new BackupException(ErrorKind.BUSY, "cannot import: " + target.getFileName() + " already exists without a record",
                        "retry in a second (a new id is chosen per second)", null);
            }
            try {
                AtomicFile.rename(upload, target);
            } catch (IOException e) {
                throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot move the upload to " + target + ": " + e.getMessage(), e);
            }
            try {
                writeChecksumFile(r.id(), r.checksum(), r.fileName());
                put(r);
            } catch (BackupException e) {
                deleteQuietly(target);
                deleteQuietly(files.checksum(r.id()));
                throw e;
            }
            return new Adoption(r, true);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("could not remove {}: {}; it is removed at the next start", p, e.getMessage());
        }
    }

    /**
     * Adds or replaces a record: its sidecar first, then the index. When the disk refuses (full), a
     * record this process already knows still changes in memory, so that the API does not show a
     * finished backup as running; the files catch up at the next write or the next start.
     */
    public void put(BackupRecord record) {
        synchronized (lock) {
            String why = files.distrust(record);
            if (why != null) {
                throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "refusing to record backup " + record.id() + ": " + why);
            }
            BackupRecord r = CreatedAt.clamp(record, clock.instant().truncatedTo(ChronoUnit.MILLIS));
            try {
                sidecars.write(r);
                records.put(r.id(), r);
                publish();
                persist();
            } catch (IOException e) {
                records.computeIfPresent(r.id(), (id, old) -> r);
                publish();
                throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot write the backup index in " + files.dir() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Replaces a record with {@code change(current)} only if it is still in the index: background work
     * (verification, off-site upload) must not bring back a backup that was deleted meanwhile.
     */
    public Optional<BackupRecord> update(String id, UnaryOperator<BackupRecord> change) {
        synchronized (lock) {
            BackupRecord current = records.get(id);
            if (current == null) {
                return Optional.empty();
            }
            put(change.apply(current));
            return Optional.ofNullable(records.get(id));
        }
    }

    /**
     * Set once at wiring time (the listener needs the catalog first): who hears about deletions. It
     * hears at once about the deletions a crash interrupted and opening the catalog finished.
     */
    public void onRemove(DeletionListener listener) {
        this.deletions = listener == null ? DeletionListener.NONE : listener;
        List<BackupRecord> finished;
        synchronized (lock) {
            finished = List.copyOf(finishedAtOpen);
            finishedAtOpen.clear();
        }
        finished.forEach(deletions::deleted);
    }

    /**
     * Deletes a backup: its sidecar becomes the tombstone first (from then on a crash finishes the
     * deletion at the next start, see {@link Leftovers}), then the index entry, the archive and
     * checksum files, and last the tombstone.
     */
    public void remove(String id) {
        synchronized (lock) {
            BackupRecord r = records.get(id);
            if (r == null) {
                return;
            }
            try {
                Path tombstone = leftovers.tombstone(id);
                if (Files.exists(files.sidecar(id))) {
                    AtomicFile.rename(files.sidecar(id), tombstone);
                } else {
                    AtomicFile.write(tombstone, new byte[0], Permissions.FILE);
                }
                records.remove(id);
                publish();
                persist();
                if (r.fileName() != null) {
                    Files.deleteIfExists(files.archive(r.fileName()));
                }
                leftovers.deleteArchiveFiles(id, this::namedByARecord);
                Files.deleteIfExists(tombstone);
                AtomicFile.syncDirectory(files.dir());
            } catch (IOException e) {
                throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot delete backup " + id + ": " + e.getMessage(), e);
            }
            deletions.deleted(r);
        }
    }

    public ScheduleState schedule() {
        return schedule;
    }

    public void setSchedule(ScheduleState s) {
        synchronized (lock) {
            schedule = s;
            try {
                persist();
            } catch (IOException e) {
                throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot write the schedule to " + file.path() + ": " + e.getMessage(), e);
            }
        }
    }

    private void persist() throws IOException {
        file.write(records.values(), schedule);
    }

    /** Removes the archive and checksum file a backup that did not complete may have left; a failed backup keeps no archive. */
    public void discardArchive(String id) {
        synchronized (lock) {
            try {
                leftovers.deleteArchiveFiles(id, this::namedByARecord);
            } catch (IOException e) {
                throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot remove the archive of failed backup " + id + ": " + e.getMessage(), e);
            }
        }
    }

    /** Writes the {@code sha256sum}-format checksum file for an archive. */
    public void writeChecksumFile(String id, String checksum, String fileName) {
        ChecksumFile.write(files, id, checksum, fileName);
    }
}
