package io.cartographus.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.fs.AtomicFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What opening the index does before anyone may use it: reads metadata.json (keeping an unreadable
 * one aside and rebuilding from the sidecars), takes the sidecars' word where they are ahead,
 * finishes deletions a crash interrupted, removes archives of backups that never completed,
 * registers archives no record names ({@link ArchiveProbe}), refuses records that name a file
 * other than their own archive, clamps a {@code created_at} in the future, marks interrupted
 * backups failed and completed ones without an archive corrupted, and writes the result back.
 * Every fix becomes a start-up note. One instance per opening: it keeps what it found as it goes.
 */
final class StartupRecovery {
    /** Catalog's logger: the notes are the index's, and operators' log filters know them by that name. */
    private static final Logger log = LoggerFactory.getLogger(Catalog.class);

    /** What recovery leaves for the index: its records, the schedule, the notes and the deletions it finished. */
    record Recovered(Map<String, BackupRecord> records, ScheduleState schedule, List<String> notes, List<BackupRecord> finished) {
    }

    private final BackupFiles files;
    private final CatalogFile file;
    private final Leftovers leftovers;
    private final Sidecars sidecars;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<String, BackupRecord> records = new LinkedHashMap<>();
    private ScheduleState schedule = ScheduleState.empty();
    private final List<String> notes = new ArrayList<>();
    private final List<BackupRecord> finished = new ArrayList<>();
    /** One "now" for a whole load, so that the same future time read twice is clamped to the same value. */
    private Instant loadedAt;
    /** Records whose created_at was clamped at load: their sidecars are rewritten with the clamped time. */
    private final Set<String> clamped = new HashSet<>();
    /**
     * Archive names (in BACKUP_DIR, of another id) that refused records gave: spared by the clean-up of
     * unfinished backups, so that discovery registers such a file under a name of its own instead.
     */
    private final Set<String> refusedNames = new HashSet<>();

    StartupRecovery(BackupFiles files, ObjectMapper json, Clock clock) {
        this.files = files;
        this.file = new CatalogFile(files.metadata(), json);
        this.leftovers = new Leftovers(files);
        this.sidecars = new Sidecars(files, json);
        this.json = json;
        this.clock = clock;
    }

    /** Reads, repairs and writes back what BACKUP_DIR holds; throws IOException when the directory cannot be read or written. */
    Recovered recover(ArchiveProbe probe) throws IOException {
        loadedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
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
                        + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(clock.instant()));
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
                    sidecars.write(indexed);
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
        file.writeIfChanged(records.values(), schedule);
        return new Recovered(records, schedule, List.copyOf(notes), List.copyOf(finished));
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
                finished.add(deleted);
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
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
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
                        ChecksumFile.write(files, admitted.id(), admitted.checksum(), admitted.fileName());
                    }
                    sidecars.write(admitted);
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
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
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
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
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
                fixed = r.failed(clock.instant().truncatedTo(ChronoUnit.SECONDS),
                        "interrupted: the process stopped while this backup was being written");
                note("backup " + r.id() + " was interrupted by a stop; marked failed");
            } else if (r.status() == BackupStatus.COMPLETED && (r.fileName() == null || !Files.exists(files.archive(r.fileName())))) {
                fixed = r.corrupted(clock.instant().truncatedTo(ChronoUnit.SECONDS),
                        "archive file " + r.fileName() + " is missing");
                note("backup " + r.id() + ": archive missing; marked corrupted");
            }
            if (fixed != r) {
                records.put(r.id(), fixed);
                sidecars.write(fixed);
            } else if (!Files.exists(files.sidecar(r.id())) || clamped.contains(r.id())) {
                sidecars.write(r);
            }
        }
        AtomicFile.syncDirectory(files.dir());
    }

    private boolean namedByARecord(String fileName) {
        return records.values().stream().anyMatch(r -> fileName.equals(r.fileName()));
    }

    private void note(String message) {
        notes.add(message);
        log.warn("backup index: {}", message);
    }
}
