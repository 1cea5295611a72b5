package io.cartographus.restore;

import io.cartographus.archive.ArchiveReader;
import io.cartographus.archive.EntryResult;
import io.cartographus.archive.HashingInputStream;
import io.cartographus.backup.Manifest;
import io.cartographus.catalog.BackupFiles;
import io.cartographus.catalog.BackupId;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Catalog;
import io.cartographus.catalog.Trigger;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.Permissions;
import io.cartographus.fs.TempFiles;
import io.cartographus.validate.ArchiveSurvey;
import io.cartographus.validate.ArchiveVerifier;
import io.cartographus.validate.Inspection;
import io.cartographus.validate.ValidationReport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports an archive made elsewhere (an upload, or a file given to the CLI) as a new backup:
 * <ol>
 *   <li>the bytes stream into a hidden temporary file in BACKUP_DIR while they are hashed and
 *       surveyed (nothing is unpacked): the manifest says what the archive is, and every entry must
 *       match it, so a decompression bomb is refused before anything is written but the upload;</li>
 *   <li>an archive whose SHA-256 is an existing backup's, or whose manifest id is an existing id, is
 *       a duplicate;</li>
 *   <li>the four checks run on it as a provisional record, the unpacking bounded by the manifest's
 *       sizes;</li>
 *   <li>it gets a new id (now, the manifest's type) and its file name, sidecars and a completed
 *       record whose verification passed.</li>
 * </ol>
 * Whatever fails, nothing is left behind.
 */
public final class Importer {
    private static final Logger log = LoggerFactory.getLogger(Importer.class);
    /** Space kept free in BACKUP_DIR while an upload arrives. */
    static final long RESERVE = 64L << 20;

    private final Catalog catalog;
    private final ArchiveVerifier verifier;
    private final ArchiveSurvey survey;
    private final Clock clock;
    private final Consumer<BackupRecord> onImported;

    /** @param onImported told of each imported backup (e.g. for an off-site copy); already verified */
    public Importer(Catalog catalog, ArchiveVerifier verifier, Clock clock, Consumer<BackupRecord> onImported) {
        this.catalog = catalog;
        this.verifier = verifier;
        this.survey = verifier.survey();
        this.clock = clock;
        this.onImported = onImported;
    }

    /** Imports an archive file; the file itself is only read (it is copied into BACKUP_DIR). */
    public ImportOutcome importFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BackupException(ErrorKind.NOT_FOUND, "no such file: " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return receive(in, Files.size(file));
        } catch (IOException e) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Imports the archive read from {@code in} (not closed).
     *
     * @param declaredLength the length announced by the sender, or -1: refused with NO_SPACE at once
     *     when it cannot fit
     */
    public ImportOutcome receive(InputStream in, long declaredLength) {
        long t0 = System.nanoTime();
        BackupFiles files = catalog.files();
        checkSpace(files.dir(), declaredLength);
        Path tmp = createTemp(files.dir(), "upload");
        boolean kept = false;
        try {
            Received received = store(in, tmp, files.dir());
            if (received.problem != null) {
                return ImportOutcome.invalid(unreadable(received.problem));
            }
            ImportOutcome outcome = accept(received, tmp, t0);
            kept = outcome.status() == ImportOutcome.Status.IMPORTED;
            return outcome;
        } finally {
            if (!kept) {
                deleteQuietly(tmp);
            }
        }
    }

    private record Received(ArchiveSurvey.Survey survey, String checksum, long size, String problem) {
    }

    private Received store(InputStream in, Path tmp, Path dir) {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 20);
            HashingInputStream receiving = new HashingInputStream(new ReceivingStream(in, out, dir, RESERVE));
            ArchiveSurvey.Survey s;
            try {
                s = survey.survey(receiving, ArchiveVerifier.freeSpaceLimits(dir));
            } catch (BackupException e) {
                if (e.kind() == ErrorKind.NO_SPACE || e.kind() == ErrorKind.STORAGE_UNAVAILABLE) {
                    throw e;
                }
                return new Received(null, null, receiving.count(), e.getMessage());
            }
            try {
                // Whatever follows the archive's end (padding), so that the file and its hash hold every byte sent.
                receiving.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // The sender's bytes stopped after the archive's end (the scan reports its own failures).
                return new Received(null, null, receiving.count(), "the upload could not be read to its end: " + e.getMessage());
            }
            out.flush();
            ch.force(true);
            return new Received(s, receiving.sha256Hex(), receiving.count(), null);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot store the upload in " + tmp + ": " + e.getMessage(), e);
        }
    }

    private ImportOutcome accept(Received rec, Path tmp, long t0) {
        ArchiveSurvey.Survey s = rec.survey;
        Manifest m = s.manifest();
        if (m == null || !s.problems().isEmpty()) {
            return ImportOutcome.invalid(new ValidationReport(false, true, true, false, false, s.problems(), List.of()));
        }
        BackupType type = ManifestRecords.type(m);
        if (type == null) {
            return ImportOutcome.invalid(new ValidationReport(false, true, true, false, false,
                    List.of(Manifest.NAME + " names type '" + m.type() + "', not one of " + BackupType.validLabels()), List.of()));
        }
        if (m.databaseChunks() != null) {
            // A chunk list names chunks of some store, maybe this one: an upload must not borrow them (nothing
            // would keep them from collection, and an untrusted list would read whatever chunks it names).
            return ImportOutcome.invalid(new ValidationReport(false, true, true, false, false,
                    List.of(Manifest.NAME + " lists database chunks instead of carrying the database file: this is the archive of"
                            + " a deduplicated backup, which imports only as downloaded (GET /api/v1/backup/download/{id} builds a"
                            + " self-contained archive)"), List.of()));
        }
        Optional<BackupRecord> dup = duplicateOf(catalog.all(), rec.checksum, m);
        if (dup.isPresent()) {
            return duplicate(dup.get(), rec.checksum);
        }
        Trigger trigger = ManifestRecords.trigger(m);
        String notes = "imported from " + (BackupId.isValid(m.backupId()) ? m.backupId() : "an archive without a valid backup id");
        Instant now = clock.instant();
        String id = ManifestRecords.newId(now, type, this::taken);
        BackupRecord provisional = record(id, type, trigger, s, rec, now, t0, notes, BackupRecord.Verification.pending());
        Inspection ins = inspect(provisional, tmp, s);
        if (!ins.report().valid()) {
            return ImportOutcome.invalid(ins.report());
        }
        BackupRecord.Verification passed = new BackupRecord.Verification("passed", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                "validated on import: all four checks");
        // Checked again as the record is added: the same archive may have arrived twice at once, or a
        // backup may have taken the id meanwhile.
        Catalog.Adoption added = catalog.adopt(tmp, records -> duplicateOf(records, rec.checksum, m),
                taken -> record(taken.test(id) ? ManifestRecords.newId(now, type, taken) : id, type, trigger, s, rec, now, t0, notes, passed));
        if (!added.added()) {
            return duplicate(added.record(), rec.checksum);
        }
        BackupRecord done = added.record();
        log.info("{}: backup {} ({} bytes, {})", notes, done.id(), done.sizeBytes(), done.fileName());
        onImported.accept(done);
        return new ImportOutcome(ImportOutcome.Status.IMPORTED, done, ins.report(), null, "imported as backup " + done.id());
    }

    private BackupRecord record(String id, BackupType type, Trigger trigger, ArchiveSurvey.Survey s, Received rec, Instant now,
                                long t0, String notes, BackupRecord.Verification v) {
        String fileName = BackupFiles.archiveName(id, s.extension());
        return ManifestRecords.completed(id, type, trigger, s, fileName, rec.size, rec.checksum, now,
                (System.nanoTime() - t0) / 1_000_000, notes, v);
    }

    /** The record an archive duplicates: the one with its SHA-256, else the one its manifest's backup id names. */
    private static Optional<BackupRecord> duplicateOf(List<BackupRecord> records, String checksum, Manifest m) {
        Optional<BackupRecord> same = records.stream().filter(r -> checksum.equalsIgnoreCase(r.checksum())).findFirst();
        return same.isPresent() ? same : records.stream().filter(r -> r.id().equals(m.backupId())).findFirst();
    }

    private static ImportOutcome duplicate(BackupRecord existing, String checksum) {
        return ImportOutcome.duplicate(existing.id(), checksum.equalsIgnoreCase(existing.checksum()) ? "same SHA-256" : "its manifest names this backup id");
    }

    private boolean taken(String id) {
        BackupFiles files = catalog.files();
        return catalog.contains(id) || Files.exists(files.sidecar(id)) || Files.exists(files.checksum(id));
    }

    /** The four checks, unpacking no more than the manifest declares (the survey showed the entries match it). */
    private Inspection inspect(BackupRecord provisional, Path archive, ArchiveSurvey.Survey s) {
        Path work = createTempDir(catalog.files().dir(), "import");
        try {
            long largest = s.entries().stream().mapToLong(EntryResult::size).max().orElse(0);
            // Entry count with slack for directory entries (a re-packed archive may have them; they hold nothing).
            ArchiveReader.Limits exact = new ArchiveReader.Limits(largest, s.contentBytes(), s.entries().size() + 16);
            return verifier.inspect(provisional, archive, null, work, exact);
        } finally {
            deleteQuietly(work);
        }
    }

    private static ValidationReport unreadable(String problem) {
        return new ValidationReport(false, false, false, false, false, List.of(problem), List.of());
    }

    private static void checkSpace(Path dir, long declared) {
        if (declared < 0) {
            return;
        }
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            if (declared > free - RESERVE) {
                throw new BackupException(ErrorKind.NO_SPACE, "the upload (" + (declared >> 20) + " MiB) does not fit in " + dir + ": "
                        + (free >> 20) + " MiB free, " + (RESERVE >> 20) + " MiB are kept free", "free space in BACKUP_DIR or reduce retention", null);
            }
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot check free space in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path createTemp(Path dir, String what) {
        try {
            Path p = TempFiles.createFile(dir, what);
            Permissions.set(p, Permissions.FILE);
            return p;
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot create a temporary file in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path createTempDir(Path dir, String what) {
        try {
            return TempFiles.createDirectory(dir, what);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot create a work directory in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            TempFiles.deleteRecursively(p);
        } catch (IOException e) {
            log.warn("could not remove {}: {}; it is removed at the next start", p, e.getMessage());
        }
    }
}
