package io.cartographus.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.Permissions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup index. The truth is spread over one sidecar per backup ({@code backup-<id>.json}) and
 * summarized in metadata.json; either can rebuild the other, so losing or corrupting metadata.json
 * never loses the history (the bad file is kept aside, never silently emptied).
 */
public final class Catalog {
    private static final Logger log = LoggerFactory.getLogger(Catalog.class);
    private static final Comparator<BackupRecord> NEWEST_FIRST =
            Comparator.comparing(BackupRecord::createdAt).thenComparing(BackupRecord::id).reversed();

    private final BackupFiles files;
    private final CatalogFile file;
    private final Leftovers leftovers;
    private final ObjectMapper json;
    /** The working copy, changed only under {@code this}; readers use {@link #view}. */
    private final Map<String, BackupRecord> records = new LinkedHashMap<>();
    /**
     * What readers see: republished after every change, so that listing and status never wait for a
     * writer's fsync (rewriting metadata.json with 10,000 records takes tens of milliseconds).
     */
    private volatile View view = View.EMPTY;
    private final List<String> startupNotes = new ArrayList<>();
    /** Deletions finished while opening, for the deletion listener once it is set. */
    private final List<BackupRecord> finishedAtOpen = new ArrayList<>();
    private volatile ScheduleState schedule = ScheduleState.empty();
    private volatile DeletionListener deletions = DeletionListener.NONE;
    /** One "now" for a whole load, so that the same future time read twice is clamped to the same value. */
    private Instant loadedAt;
    /** Records whose created_at was clamped at load: their sidecars are rewritten with the clamped time. */
    private final Set<String> clamped = new HashSet<>();
    /**
     * Archive names (in BACKUP_DIR, of another id) that refused records gave: spared by the clean-up of
     * unfinished backups, so that discovery registers such a file under a name of its own instead.
     */
    private final Set<String> refusedNames = new HashSet<>();

    private Catalog(Path dir, ObjectMapper json) {
        this.files = new BackupFiles(dir);
        this.file = new CatalogFile(files.metadata(), json);
        this.leftovers = new Leftovers(files);
        this.json = json;
    }

    /**
     * Opens the index in {@code dir}: reads metadata.json (rebuilding it from the sidecars when it is
     * missing or unreadable), adds sidecars it does not list, finishes deletions a crash interrupted,
     * marks backups interrupted by a crash as failed (removing any archive they left) and completed
     * ones whose archive is gone as corrupted, and writes the result back.
     */
    public static Catalog open(Path dir, ObjectMapper json) {
        return open(dir, json, ArchiveProbe.NONE);
    }

    /**
     * As {@link #open(Path, ObjectMapper)}, and archives ({@code backup-*.tar[.gz|.zst][.enc]}) that no
     * record names are described by {@code probe} and registered, with their checksum file and
     * sidecar written (docs/design.md §3: a fresh DATA_DIR whose BACKUP_DIR already holds archives finds them).
     */
    public static Catalog open(Path dir, ObjectMapper json, ArchiveProbe probe) {
        try {
            Permissions.ensureDirectory(dir);
            Catalog c = new Catalog(dir, json);
            synchronized (c) {
                c.load(probe);
                c.publish();
            }
            return c;
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot open the backup directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private void load(ArchiveProbe probe) throws IOException {
        loadedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Path meta = file.path();
        if (Files.exists(meta)) {
            try {
                CatalogFile.Content c = file.read();
                for (BackupRecord r : c.backups()) {
                    BackupRecord admitted = admit(r, "metadata.json");
                    if (admitted != null) {
                        records.put(r.id(), admitted);
                    }
                }
                schedule = c.schedule() == null ? ScheduleState.empty() : c.schedule();
            } catch (IOException | RuntimeException e) {
                Path aside = meta.resolveSibling(BackupFiles.METADATA + ".corrupt-"
                        + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()));
                Files.move(meta, aside);
                note("metadata.json was unreadable (" + e.getMessage().lines().findFirst().orElse("") + "); kept it as "
                        + aside.getFileName() + " and rebuilt the index from the backup sidecars");
            }
        }
        for (BackupRecord sidecar : readSidecars()) {
            BackupRecord indexed = records.get(sidecar.id());
            if (indexed == null) {
                records.put(sidecar.id(), sidecar);
                note("found backup " + sidecar.id() + " (sidecar not in the index): added");
            } else if (!indexed.equals(sidecar)) {
                // put() writes the sidecar first, so a stop between the two writes leaves the sidecar one
                // step ahead. Only a sidecar the disk refused to update (full) can be behind, and then it
                // still says in progress, the first state of every record.
                if (sidecar.status() == BackupStatus.IN_PROGRESS && indexed.status() != BackupStatus.IN_PROGRESS) {
                    writeSidecar(indexed);
                } else {
                    records.put(sidecar.id(), sidecar);
                    note("backup " + sidecar.id() + ": the index missed its last change (" + indexed.status().label() + " → "
                            + sidecar.status().label() + "); took it from the sidecar");
                }
            }
        }
        finishInterruptedDeletions();
        discardArchivesOfUnfinished();
        discover(probe);
        reconcile();
        file.writeIfChanged(sortedForFile(), schedule);
    }

    /** Before discovery, so that the archive of a deleted backup is not registered again. */
    private void finishInterruptedDeletions() throws IOException {
        for (String id : leftovers.interruptedDeletions()) {
            BackupRecord deleted = records.remove(id);
            if (deleted == null) {
                deleted = leftovers.readTombstone(id, json);
            }
            Files.deleteIfExists(files.sidecar(id));
            // Its archive may carry another name (registered by discovery under a new id). A tombstone
            // is a file on disk like any other: a name that is not this id's archive is never a path.
            if (deleted != null && BackupFiles.isArchiveName(id, deleted.fileName()) && !namedByARecord(deleted.fileName())) {
                Files.deleteIfExists(files.archive(deleted.fileName()));
            }
            leftovers.deleteArchiveFiles(id, this::namedByARecord);
            Files.deleteIfExists(leftovers.tombstone(id));
            if (deleted != null) {
                finishedAtOpen.add(deleted);
            }
            note("backup " + id + " was being deleted when the process stopped; finished deleting it");
        }
    }

    /**
     * A backup stopped after its archive was renamed into place but before its record said
     * completed is failed (see {@link #reconcile}), and a failed backup keeps no archive; removed
     * before discovery, so that it is not registered a second time under another id.
     */
    private void discardArchivesOfUnfinished() throws IOException {
        Set<String> withArchives = leftovers.idsWithArchives();
        Set<String> named = new HashSet<>(refusedNames);
        records.values().forEach(r -> named.add(r.fileName()));
        for (BackupRecord r : records.values()) {
            boolean unfinished = r.status() == BackupStatus.IN_PROGRESS || r.status() == BackupStatus.FAILED;
            if (unfinished && withArchives.contains(r.id()) && leftovers.deleteArchiveFiles(r.id(), named::contains)) {
                note("backup " + r.id() + " did not complete; removed the archive it left");
            }
        }
    }

    private void discover(ArchiveProbe probe) throws IOException {
        if (probe == ArchiveProbe.NONE) {
            return;
        }
        Set<String> named = new HashSet<>();
        records.values().forEach(r -> named.add(r.fileName()));
        List<Path> orphans = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(files.dir(), "backup-*.tar*")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (BackupFiles.extensionOf(name) == null || named.contains(name)) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    note("archive " + name + " had no record: ignored, it is a symbolic link (copy the file itself into BACKUP_DIR)");
                } else if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    orphans.add(p);
                }
            }
        }
        orphans.sort(Comparator.comparing(Path::toString));
        for (Path p : orphans) {
            String fromName = BackupFiles.idOfArchive(p.getFileName().toString());
            ArchiveProbe.Finding f = probe.describe(p, fromName, List.copyOf(records.values()),
                    id -> records.containsKey(id) || Files.exists(files.sidecar(id)));
            BackupRecord r = f.record();
            String outcome = f.note();
            if (r != null && BackupId.isValid(r.id()) && !records.containsKey(r.id())) {
                r = canonicalName(p, r);
                BackupRecord admitted = r == null ? null : admit(r, "its manifest");
                if (admitted != null) {
                    records.put(admitted.id(), admitted);
                    if (admitted.checksum() != null && !Files.exists(files.checksum(admitted.id()))) {
                        writeChecksumFile(admitted.id(), admitted.checksum(), admitted.fileName());
                    }
                    writeSidecar(admitted);
                    if (!admitted.fileName().equals(p.getFileName().toString())) {
                        outcome += "; renamed to " + admitted.fileName();
                    }
                } else {
                    outcome = "not registered (see above)";
                }
            }
            note("archive " + p.getFileName() + " had no record: " + outcome);
        }
    }

    /**
     * A record names its archive {@code backup-<id><ext>} and nothing else; an archive registered under
     * another id than its name carries is renamed to that name (never over an existing file).
     */
    private BackupRecord canonicalName(Path archive, BackupRecord r) throws IOException {
        String ext = BackupFiles.extensionOf(archive.getFileName().toString());
        String canonical = BackupFiles.archiveName(r.id(), ext);
        if (canonical.equals(archive.getFileName().toString())) {
            return r.withFileName(canonical);
        }
        Path target = files.dir().resolve(canonical);
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            note("archive " + archive.getFileName() + ": cannot rename it to " + canonical + ", which exists; left alone");
            return null;
        }
        AtomicFile.rename(archive, target);
        return r.withFileName(canonical);
    }

    /**
     * What a record read from disk may become in the index: null when it cannot be trusted (see
     * {@link BackupFiles#distrust}), with a start-up note; a {@code created_at} in the future is
     * clamped (see {@link CreatedAt}).
     */
    private BackupRecord admit(BackupRecord r, String source) {
        String why = files.distrust(r);
        if (why != null) {
            note("refused backup " + r.id() + " from " + source + ": " + why + "; it is not listed and its files are left alone");
            if (BackupFiles.idOfArchive(r.fileName()) != null) {
                refusedNames.add(r.fileName());
            }
            return null;
        }
        BackupRecord clamped = CreatedAt.clamp(r, loadedAt);
        if (clamped != r) {
            note("backup " + r.id() + " from " + source + ": created_at " + r.createdAt() + " is in the future; set to " + clamped.createdAt());
            this.clamped.add(r.id());
        }
        return clamped;
    }

    private List<BackupRecord> readSidecars() throws IOException {
        List<BackupRecord> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(files.dir(), "backup-*.json")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                String id = name.substring("backup-".length(), name.length() - ".json".length());
                if (!BackupId.isValid(id)) {
                    continue;
                }
                if (!Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    note("ignored sidecar " + name + ": it is a symbolic link or not a regular file");
                    continue;
                }
                try {
                    BackupRecord r = json.readValue(Files.readAllBytes(p), BackupRecord.class);
                    if (r != null && id.equals(r.id())) {
                        BackupRecord admitted = admit(r, name);
                        if (admitted != null) {
                            out.add(admitted);
                        }
                    } else {
                        note("ignored " + name + ": its id does not match its name");
                    }
                } catch (IOException e) {
                    note("ignored unreadable sidecar " + name + ": " + e.getMessage().lines().findFirst().orElse(""));
                }
            }
        }
        return out;
    }

    private void reconcile() throws IOException {
        for (BackupRecord r : new ArrayList<>(records.values())) {
            BackupRecord fixed = r;
            if (r.status() == BackupStatus.IN_PROGRESS) {
                fixed = r.failed(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                        "interrupted: the process stopped while this backup was being written");
                note("backup " + r.id() + " was interrupted by a stop; marked failed");
            } else if (r.status() == BackupStatus.COMPLETED && (r.fileName() == null || !Files.exists(files.archive(r.fileName())))) {
                fixed = r.corrupted(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                        "archive file " + r.fileName() + " is missing");
                note("backup " + r.id() + ": archive missing; marked corrupted");
            }
            if (fixed != r) {
                records.put(r.id(), fixed);
                writeSidecar(fixed);
            } else if (!Files.exists(files.sidecar(r.id())) || clamped.contains(r.id())) {
                writeSidecar(r);
            }
        }
        AtomicFile.syncDirectory(files.dir());
    }

    private boolean namedByARecord(String fileName) {
        return records.values().stream().anyMatch(r -> fileName.equals(r.fileName()));
    }

    private void note(String message) {
        startupNotes.add(message);
        log.warn("backup index: {}", message);
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

    /** Makes the working copy visible to readers; called under {@code this} after every change. */
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
    public synchronized BackupRecord register(java.util.function.Function<java.util.function.Predicate<String>, BackupRecord> build) {
        BackupRecord r = build.apply(id -> records.containsKey(id) || Files.exists(files.sidecar(id)));
        put(r);
        return r;
    }

    /**
     * Adds or replaces a record: its sidecar first, then the index. When the disk refuses (full), a
     * record this process already knows still changes in memory, so that the API does not show a
     * finished backup as running; the files catch up at the next write or the next start.
     */
    public synchronized void put(BackupRecord record) {
        String why = files.distrust(record);
        if (why != null) {
            throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "refusing to record backup " + record.id() + ": " + why);
        }
        BackupRecord r = CreatedAt.clamp(record, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        try {
            writeSidecar(r);
            records.put(r.id(), r);
            publish();
            persist();
        } catch (IOException e) {
            records.computeIfPresent(r.id(), (id, old) -> r);
            publish();
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot write the backup index in " + files.dir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces a record with {@code change(current)} only if it is still in the index: background work
     * (verification, off-site upload) must not bring back a backup that was deleted meanwhile.
     */
    public synchronized Optional<BackupRecord> update(String id, java.util.function.UnaryOperator<BackupRecord> change) {
        BackupRecord current = records.get(id);
        if (current == null) {
            return Optional.empty();
        }
        put(change.apply(current));
        return Optional.ofNullable(records.get(id));
    }

    /**
     * Set once at wiring time (the listener needs the catalog first): who hears about deletions. It
     * hears at once about the deletions a crash interrupted and opening the catalog finished.
     */
    public void onRemove(DeletionListener listener) {
        this.deletions = listener == null ? DeletionListener.NONE : listener;
        List<BackupRecord> finished;
        synchronized (this) {
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
    public synchronized void remove(String id) {
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

    public ScheduleState schedule() {
        return schedule;
    }

    public synchronized void setSchedule(ScheduleState s) {
        schedule = s;
        try {
            persist();
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot write the schedule to " + file.path() + ": " + e.getMessage(), e);
        }
    }

    private void writeSidecar(BackupRecord r) throws IOException {
        AtomicFile.write(files.sidecar(r.id()), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(r), Permissions.FILE);
    }

    private void persist() throws IOException {
        file.write(sortedForFile(), schedule);
    }

    private List<BackupRecord> sortedForFile() {
        List<BackupRecord> list = new ArrayList<>(records.values());
        list.sort(NEWEST_FIRST.reversed());
        return list;
    }

    /** Removes the archive and checksum file a backup that did not complete may have left; a failed backup keeps no archive. */
    public synchronized void discardArchive(String id) {
        try {
            leftovers.deleteArchiveFiles(id, this::namedByARecord);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot remove the archive of failed backup " + id + ": " + e.getMessage(), e);
        }
    }

    /** Writes the {@code sha256sum}-format checksum file for an archive. */
    public void writeChecksumFile(String id, String checksum, String fileName) {
        try {
            AtomicFile.write(files.checksum(id), (checksum + "  " + fileName + "\n").getBytes(StandardCharsets.UTF_8), Permissions.FILE);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot write " + files.checksum(id) + ": " + e.getMessage(), e);
        }
    }
}
