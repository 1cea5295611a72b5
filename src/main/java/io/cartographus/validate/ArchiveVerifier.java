package io.cartographus.validate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.archive.ArchiveReader;
import io.cartographus.config.Compression;
import io.cartographus.archive.EntryResult;
import io.cartographus.backup.Manifest;
import io.cartographus.catalog.BackupFiles;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.chunks.ChunkStore;
import io.cartographus.chunks.DedupStore;
import io.cartographus.config.BackupType;
import io.cartographus.config.DuckDbConfig;
import io.cartographus.config.RestorableConfig;
import io.cartographus.crypto.ArchiveCipher;
import io.cartographus.database.ReadOnlyDatabase;
import io.cartographus.database.TableStats;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.Permissions;
import io.cartographus.fs.TempFiles;
import io.cartographus.fs.WriteBehind;
import io.cartographus.progress.Progress;
import io.cartographus.progress.ProgressInputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Performs the four checks of docs/design.md §5 in one pass over the archive file: the bytes are hashed as
 * they are read, decrypted, decompressed and split into entries; the database entry is written to
 * a work directory and opened read-only, every table scanned.
 */
public final class ArchiveVerifier {
    /** Entries read into memory (manifest, configuration) are small; anything bigger is not ours. */
    static final long SMALL_ENTRY_LIMIT = 16L << 20;
    /** Space left free when an archive is unpacked for a check or a restore, so the live database can still write. */
    static final long FREE_SPACE_RESERVE = 1L << 20;

    private final BackupFiles files;
    private final ArchiveCipher cipher;
    private final ObjectMapper json;
    private final ValidationSlots slots = new ValidationSlots(ValidationSlots.DEFAULT);
    private final DedupStore dedup;
    private final DuckDbConfig checkLimits;

    /**
     * @param cipher decrypts encrypted archives; null when no key is configured (then an encrypted
     *     archive is reported as needing the key id named in its header)
     */
    public ArchiveVerifier(BackupFiles files, ArchiveCipher cipher, ObjectMapper json) {
        this(files, cipher, json, null);
    }

    /** @param dedup the chunk store deduplicated backups' database files are rebuilt from; null: none */
    public ArchiveVerifier(BackupFiles files, ArchiveCipher cipher, ObjectMapper json, DedupStore dedup) {
        this(files, cipher, json, dedup, DuckDbConfig.defaultsHere());
    }

    /** @param limits DuckDB's limits of the live database; a checked one gets {@link DuckDbConfig#forChecks()} */
    public ArchiveVerifier(BackupFiles files, ArchiveCipher cipher, ObjectMapper json, DedupStore dedup, DuckDbConfig limits) {
        this.dedup = dedup;
        this.checkLimits = limits.forChecks();
        this.files = files;
        // A cipher without keys still reads the header, so the error names the key id that is needed.
        this.cipher = cipher == null ? new ArchiveCipher(null, null, Map.of()) : cipher;
        this.json = json;
    }

    /** Where work directories go: BACKUP_DIR. */
    public Path workParent() {
        return files.dir();
    }

    /** A survey (a read that writes nothing) with the same keys as this verifier. */
    public ArchiveSurvey survey() {
        return new ArchiveSurvey(cipher, json);
    }

    /**
     * Validates a backup, using a temporary directory in BACKUP_DIR that is removed afterwards.
     * BUSY when {@link ValidationSlots#DEFAULT} validations already run; NO_SPACE when BACKUP_DIR
     * cannot hold the archive's size.
     */
    public ValidationReport validate(BackupRecord r) {
        slots.enter();
        try {
            return validateInSlot(r);
        } finally {
            slots.leave();
        }
    }

    /** As {@link #validate}, waiting for a free slot instead of refusing (the background verifier). */
    public ValidationReport validateWhenFree(BackupRecord r) {
        slots.enterWaiting();
        try {
            return validateInSlot(r);
        } finally {
            slots.leave();
        }
    }

    private ValidationReport validateInSlot(BackupRecord r) {
        if (r.fileName() != null && Files.isRegularFile(files.archive(r.fileName()))) {
            ValidationSlots.requireSpace(files.dir(), r.sizeBytes(), FREE_SPACE_RESERVE);
        }
        Path work = null;
        try {
            work = TempFiles.createDirectory(files.dir(), "validate");
            if (r.fileName() == null) {
                return inspect(r, work).report();
            }
            // Not for keeping: the unpacked database is deleted unwritten rather than flushed as it is unpacked.
            return inspect(r, files.archive(r.fileName()), files.checksum(r.id()), work, null, false, null).report();
        } catch (IOException e) {
            return notChecked("cannot create a work directory in " + files.dir() + ": " + e.getMessage());
        } finally {
            deleteQuietly(work);
        }
    }

    /**
     * Reads the whole archive, extracting the database (if any) into {@code workDir}, and checks it.
     * The caller owns {@code workDir}. The database is written to disk as it is unpacked (a restore
     * fsyncs it before swapping it in, and that fsync then finds little left: on 1 GB it was most of
     * the gap to {@code tar xf}, see docs/benchmarks.md).
     */
    public Inspection inspect(BackupRecord r, Path workDir) {
        return inspect(r, workDir, null);
    }

    /** @param progress counts the archive's bytes as they are read (phase "validate"), or null */
    public Inspection inspect(BackupRecord r, Path workDir, Progress progress) {
        if (r.fileName() == null) {
            return new Inspection(failed("backup " + r.id() + " has no archive (status " + r.status().label() + ")"), null, null, null, 0, false);
        }
        return inspect(r, files.archive(r.fileName()), files.checksum(r.id()), workDir, null, true, progress);
    }

    /**
     * Checks an archive that is not (yet) where the catalog says, e.g. an upload under a temporary name.
     *
     * @param checksumFile the {@code .sha256} sidecar to compare too, or null when there is none yet
     *     (then only the record's checksum is compared)
     * @param limits how far the archive may expand; null: what the work directory's free space allows
     *     (less a reserve), checked against each entry's header before a byte of it is written
     */
    public Inspection inspect(BackupRecord r, Path archive, Path checksumFile, Path workDir, ArchiveReader.Limits limits) {
        // An upload being imported: it takes a validation slot like any other (BUSY when none is free).
        slots.enter();
        try {
            return inspect(r, archive, checksumFile, workDir, limits, false, null);
        } finally {
            slots.leave();
        }
    }

    /**
     * A restore drill (docs/design.md §19): the same inspection a restore makes of {@code archive} (a
     * backup's own file, or a copy just downloaded), the database unpacked into {@code workDir} as a
     * restore writes it; waits for a validation slot like the background verifier.
     */
    public Inspection inspectWhenFree(BackupRecord r, Path archive, Path checksumFile, Path workDir, Progress progress) {
        slots.enterWaiting();
        try {
            return inspect(r, archive, checksumFile, workDir, null, true, progress);
        } finally {
            slots.leave();
        }
    }

    private Inspection inspect(BackupRecord r, Path archive, Path checksumFile, Path workDir, ArchiveReader.Limits limits,
                               boolean keep, Progress progress) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (!Files.isRegularFile(archive)) {
            return new Inspection(failed("archive file " + archive.getFileName() + " is missing"), null, null, null, 0, false);
        }
        Scan scan = new Scan(workDir, keep);
        boolean readable;
        String actualChecksum;
        InputStream source;
        try {
            source = Files.newInputStream(archive, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return new Inspection(notChecked("cannot read " + archive.getFileName() + ": " + e.getMessage()), null, null, null, 0, false);
        }
        if (progress != null) {
            progress.phase("validate", archive.toFile().length());
            source = new ProgressInputStream(source, progress);
        }
        try (DigestInputStream hashing = new DigestInputStream(source, sha256())) {
            readable = read(new BufferedInputStream(hashing, 1 << 20), r, scan, limits, errors);
            drain(hashing);
            actualChecksum = HexFormat.of().formatHex(hashing.getMessageDigest().digest());
        } catch (IOException e) {
            return new Inspection(notChecked("cannot read " + archive.getFileName() + ": " + e.getMessage()), null, null, null, 0, false);
        }
        boolean checksumValid = checkChecksum(r, actualChecksum, checksumFile, errors);
        Manifest manifest = readable ? parseManifest(json, scan.manifest, errors) : null;
        if (manifest != null && manifest.databaseChunks() != null && scan.databaseFile == null) {
            rebuild(manifest, scan, errors);
        }
        boolean complete = readable && manifest != null && checkEntries(r, manifest, scan, errors, warnings);
        long records = 0;
        boolean untrusted = false;
        boolean dbValid;
        if (r.type() == BackupType.CONFIG) {
            dbValid = true;
            warnings.add("configuration-only backup: there is no database to check");
        } else if (!complete || scan.databaseFile == null) {
            dbValid = false;
            if (readable && scan.databaseFile == null) {
                errors.add("database check skipped: the archive holds no database file");
            } else if (readable) {
                errors.add("database check skipped: the archive's files do not match its manifest");
            } else if (scan.needsKey) {
                errors.add("file and database checks skipped: they need the archive decrypted, and the key for it is "
                        + "missing or wrong (the checksum is checked without a key)");
            } else {
                errors.add("database check skipped: the archive could not be read");
            }
        } else {
            try {
                ReadOnlyDatabase.Inspection db = ReadOnlyDatabase.inspect(scan.databaseFile, checkLimits);
                untrusted = db.untrusted() != null;
                if (untrusted) {
                    errors.add(db.untrusted());
                }
                dbValid = !untrusted && compareTables(manifest.tables(), db.tables(), errors);
                TableStats events = db.tables().get("playback_events");
                records = events == null ? 0 : events.rows();
            } catch (BackupException e) {
                dbValid = false;
                errors.add(e.getMessage());
            }
        }
        // The configuration would be restored into config.env: one that would not start is refused here,
        // before a restore writes anything (the safety backup included). Counted as a file that is not what it must be.
        if (complete && r.type().hasConfig() && scan.config != null) {
            RestorableConfig.Result config = RestorableConfig.read(scan.config);
            if (!config.restorable()) {
                errors.add(Manifest.CONFIG_ENTRY + " is refused (cartographus would not start with it): " + String.join("; ", config.problems()));
                complete = false;
                untrusted = true;
            }
        }
        ValidationReport report = new ValidationReport(checksumValid && readable && complete && dbValid, checksumValid,
                readable, complete, dbValid, errors, warnings);
        return new Inspection(report, manifest, scan.databaseFile, scan.config, records, untrusted);
    }

    /**
     * A deduplicated backup: rebuilds its database file from the chunk store into the work
     * directory, every chunk checked and the whole file hashed; what it yields joins the scanned
     * entries, so that the manifest comparison and the database check run as for any archive.
     */
    private void rebuild(Manifest m, Scan scan, List<String> errors) {
        if (dedup == null) {
            errors.add("the database file of this backup is in the chunk store (" + ChunkStore.DIR + "/), which is not available here");
            return;
        }
        Path target = TempFiles.inWorkDirectory(scan.workDir, "restored.duckdb");
        try {
            long free = Files.getFileStore(scan.workDir).getUsableSpace() - FREE_SPACE_RESERVE;
            if (m.databaseChunks().size() > free) {
                errors.add("not enough free space in " + scan.workDir + " to rebuild the database file (" + m.databaseChunks().size()
                        + " bytes needed)");
                return;
            }
            try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(scan.keep ? new WriteBehind(ch, WriteBehind.DEFAULT_INTERVAL)
                         : Channels.newOutputStream(ch), 1 << 20)) {
                Permissions.set(target, Permissions.FILE);
                String sha = dedup.assembler().assemble(m.databaseChunks(), out);
                List<EntryResult> entries = new ArrayList<>(scan.entries);
                entries.add(new EntryResult(m.databaseEntry(), m.databaseChunks().size(), sha));
                scan.entries = entries;
            }
            scan.databaseFile = target;
            scan.databaseEntry = m.databaseEntry();
        } catch (BackupException e) {
            errors.add(e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")"));
        } catch (IOException e) {
            errors.add("cannot rebuild the database file in " + scan.workDir + ": " + e.getMessage());
        }
    }

    private boolean read(InputStream in, BackupRecord r, Scan scan, ArchiveReader.Limits limits, List<String> errors) {
        try {
            // 512 bytes: enough for the encryption magic, the compressors' magic and tar's "ustar" at offset 257.
            in.mark(600);
            byte[] head = in.readNBytes(512);
            in.reset();
            if (!ArchiveCipher.isEncrypted(head)) {
                scanPlain(in, head, scan, limits);
                return true;
            }
            // Closing the decrypting stream authenticates whatever the tar reader left unread (the tail).
            // It must not close the file under it: inspect() still drains it for the checksum.
            InputStream keepOpen = new java.io.FilterInputStream(in) {
                @Override
                public void close() {
                    // The caller owns the file stream.
                }
            };
            try (InputStream decrypted = cipher.decrypting(keepOpen, r.fileName())) {
                InputStream plain = new BufferedInputStream(decrypted, 1 << 20);
                plain.mark(600);
                byte[] plainHead = plain.readNBytes(512);
                plain.reset();
                scanPlain(plain, plainHead, scan, limits);
            }
            return true;
        } catch (BackupException e) {
            if (e.kind() == ErrorKind.INVALID_REQUEST) {
                // The cipher's way of saying "key missing or wrong": the archive may be fine.
                scan.needsKey = true;
            }
            errors.add(e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")"));
            return false;
        } catch (IOException e) {
            errors.add("the archive could not be read: " + e.getMessage());
            return false;
        }
    }

    private static void scanPlain(InputStream plain, byte[] head, Scan scan, ArchiveReader.Limits limits) throws IOException {
        Compression c = ArchiveReader.detect(head);
        scan.entries = ArchiveReader.scan(plain, c, limits != null ? limits : freeSpaceLimits(scan.workDir), scan::entry);
    }

    /**
     * The manifest comes last in our archives, so while the database entry streams out its declared
     * size is not known yet: the bound is the free space where it is written, less a reserve, checked
     * against the entry's tar header before its first byte is written (a header claiming more is
     * refused at once) and counted on the bytes as they are decompressed. The manifest's sizes and
     * hashes are compared when it arrives; a mismatch rejects the archive and the work directory is
     * removed. Importing knows the manifest beforehand (it surveys the upload first) and passes
     * exact limits instead.
     */
    public static ArchiveReader.Limits freeSpaceLimits(Path workDir) throws IOException {
        long limit = Math.max(0, Files.getFileStore(workDir).getUsableSpace() - FREE_SPACE_RESERVE);
        return new ArchiveReader.Limits(limit, limit, 64);
    }

    private boolean checkChecksum(BackupRecord r, String actual, Path sidecar, List<String> errors) {
        boolean ok = true;
        if (r.checksum() == null || !r.checksum().equalsIgnoreCase(actual)) {
            errors.add("checksum mismatch: the archive hashes to " + actual + " but the record says " + r.checksum());
            ok = false;
        }
        if (sidecar == null) {
            return ok;
        }
        try {
            String expected = io.cartographus.catalog.ChecksumFile.expected(sidecar);
            if (expected == null) {
                errors.add("checksum file " + sidecar.getFileName() + " does not hold a SHA-256");
                ok = false;
            } else if (!expected.equalsIgnoreCase(actual)) {
                errors.add("checksum mismatch: the archive hashes to " + actual + " but " + sidecar.getFileName() + " says " + expected);
                ok = false;
            }
        } catch (IOException e) {
            errors.add("checksum file " + sidecar.getFileName() + " is missing or unreadable");
            ok = false;
        }
        return ok;
    }

    /** Parses manifest.json; null (with the reason in {@code errors}) when it is missing or not ours. */
    static Manifest parseManifest(ObjectMapper json, byte[] manifest, List<String> errors) {
        if (manifest == null) {
            errors.add("the archive has no " + Manifest.NAME);
            return null;
        }
        try {
            Manifest m = json.readValue(manifest, Manifest.class);
            if (m.format() != 1 || m.files() == null || m.tables() == null) {
                errors.add(Manifest.NAME + " is not a version 1 manifest");
                return null;
            }
            return m;
        } catch (IOException e) {
            errors.add(Manifest.NAME + " is unreadable: " + e.getMessage());
            return null;
        }
    }

    private static boolean checkEntries(BackupRecord r, Manifest m, Scan scan, List<String> errors, List<String> warnings) {
        boolean ok = true;
        List<String> required = new ArrayList<>();
        if (r.type().hasDatabase()) {
            if (m.databaseEntry() == null) {
                errors.add("the manifest names no database file for a " + r.type().label() + " backup");
                ok = false;
            } else {
                required.add(m.databaseEntry());
            }
        }
        if (r.type().hasConfig()) {
            required.add(Manifest.CONFIG_ENTRY);
        }
        for (String name : required) {
            if (m.files().stream().noneMatch(f -> f.name().equals(name))) {
                errors.add("the manifest does not list required entry " + name);
                ok = false;
            }
        }
        ok &= entriesMatch(m, scan.entries, errors);
        if (scan.databaseEntry != null && m.databaseEntry() != null && !scan.databaseEntry.equals(m.databaseEntry())) {
            errors.add("the archive's first database entry is " + scan.databaseEntry + " but the manifest names " + m.databaseEntry());
            ok = false;
        }
        if (!Objects.equals(m.backupId(), r.id())) {
            warnings.add("the manifest was written for backup " + m.backupId() + " (imported or renamed)");
        }
        if (!Objects.equals(m.type(), r.type().label())) {
            errors.add("the manifest says type " + m.type() + " but the record says " + r.type().label());
            ok = false;
        }
        return ok;
    }

    /** Every file the manifest lists is in the archive with the listed size and SHA-256. */
    static boolean entriesMatch(Manifest m, List<EntryResult> entries, List<String> errors) {
        boolean ok = true;
        for (Manifest.FileEntry f : m.files()) {
            EntryResult actual = entries.stream().filter(e -> e.name().equals(f.name())).findFirst().orElse(null);
            if (actual == null) {
                errors.add("entry " + f.name() + " listed in the manifest is missing from the archive");
                ok = false;
            } else if (actual.size() != f.size() || !actual.sha256().equalsIgnoreCase(f.sha256())) {
                errors.add("entry " + f.name() + " does not match the manifest (size " + actual.size() + " vs " + f.size()
                        + ", sha256 " + actual.sha256() + " vs " + f.sha256() + ")");
                ok = false;
            }
        }
        return ok;
    }

    private static boolean compareTables(Map<String, Manifest.TableEntry> expected, Map<String, TableStats> actual, List<String> errors) {
        boolean ok = true;
        for (Map.Entry<String, Manifest.TableEntry> e : expected.entrySet()) {
            TableStats a = actual.get(e.getKey());
            if (a == null) {
                errors.add("table " + e.getKey() + " is missing from the database");
                ok = false;
            } else if (a.rows() != e.getValue().rows()) {
                errors.add("table " + e.getKey() + " has " + a.rows() + " rows, the manifest says " + e.getValue().rows());
                ok = false;
            } else if (!a.fingerprint().equals(e.getValue().fingerprint())) {
                errors.add("table " + e.getKey() + " content differs from the manifest's fingerprint");
                ok = false;
            }
        }
        for (String t : actual.keySet()) {
            if (!expected.containsKey(t)) {
                errors.add("table " + t + " is in the database but not in the manifest");
                ok = false;
            }
        }
        return ok;
    }

    static ValidationReport failed(String error) {
        return new ValidationReport(false, false, false, false, false, List.of(error), List.of());
    }

    /** The check could not be made (work directory, read error): says nothing of the backup's state. */
    static ValidationReport notChecked(String error) {
        return new ValidationReport(false, false, false, false, false, List.of(error), List.of(), false);
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 16];
        while (in.read(buf) >= 0) {
            // The checksum covers the file's every byte, including anything after the tar trailer.
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path p) {
        // Left for the start-up clean-up when it fails: the name carries the temporary prefix.
        TempFiles.deleteQuietly(p);
    }

    /** Collects what the single pass finds. Entry names never become paths: we choose the file names. */
    private static final class Scan {
        final Path workDir;
        /** The unpacked database will be kept (restore): write it to disk as it comes. */
        final boolean keep;
        List<EntryResult> entries = List.of();
        boolean needsKey;
        Path databaseFile;
        String databaseEntry;
        byte[] manifest;
        byte[] config;

        Scan(Path workDir, boolean keep) {
            this.workDir = workDir;
            this.keep = keep;
        }

        void entry(String name, long size, InputStream content) throws IOException {
            if (name.equals(Manifest.NAME)) {
                manifest = readSmall(name, content);
            } else if (name.equals(Manifest.CONFIG_ENTRY)) {
                config = readSmall(name, content);
            } else if (name.startsWith(Manifest.DATABASE_DIR) && !name.endsWith(".wal") && databaseFile == null
                    && name.indexOf('/', Manifest.DATABASE_DIR.length()) < 0) {
                Path target = TempFiles.inWorkDirectory(workDir, "restored.duckdb");
                try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                     OutputStream out = keep ? new WriteBehind(ch, WriteBehind.DEFAULT_INTERVAL) : Channels.newOutputStream(ch)) {
                    // The file may become the live database: give it the data files' mode, not the umask's.
                    Permissions.set(target, Permissions.FILE);
                    out.write(DatabaseHead.read(name, content));
                    content.transferTo(out);
                }
                databaseFile = target;
                databaseEntry = name;
            }
        }

        private static byte[] readSmall(String name, InputStream in) throws IOException {
            byte[] b = in.readNBytes((int) SMALL_ENTRY_LIMIT + 1);
            if (b.length > SMALL_ENTRY_LIMIT) {
                throw new IOException(name + " is larger than " + (SMALL_ENTRY_LIMIT >> 20) + " MiB");
            }
            return b;
        }
    }
}
