package io.cartographus.offsite;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.catalog.BackupFiles;
import io.cartographus.catalog.BackupId;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.Catalog;
import io.cartographus.catalog.ChecksumFile;
import io.cartographus.catalog.CreatedAt;
import io.cartographus.chunks.ChunkCodec;
import io.cartographus.chunks.ChunkList;
import io.cartographus.chunks.ChunkName;
import io.cartographus.chunks.ChunkStore;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Brings a backup back from the bucket (scenario 2, a fresh machine). Everything read from the
 * bucket is treated as untrusted: the record must name its own id and an archive name of that id,
 * both sidecars must agree on the checksum, the listed size must match, and the archive is hashed
 * while it streams in and only renamed into BACKUP_DIR when it matches. Only then are the
 * {@code .sha256} and the record written and the catalog told. A damaged copy changes nothing locally.
 *
 * <p>A deduplicated backup's archive holds the chunk list, not the database: the archive comes in
 * under a temporary name, the list is read from its manifest, and only the chunks it names that the
 * local store lacks are downloaded, each decoded and checked (name's form, size, authentication,
 * content against the list and the name) by the store's codec before it is written into the store.
 * Then the backup's reference list, then the archive under its name. A chunk that fails leaves the
 * archive out of BACKUP_DIR; chunks already written are garbage for the next collection.
 */
final class OffsiteFetch {
    private static final int MAX_SIDECAR = 1024 * 1024;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** Room left free beside a download, for the restore's work files and the database's growth. */
    private static final long SPARE_BYTES = 64L * 1024 * 1024;

    private final OffsiteStore store;
    private final Catalog catalog;
    private final ObjectMapper json;
    private final Consumer<String> say;
    private final OffsiteChunks chunks;

    OffsiteFetch(OffsiteStore store, Catalog catalog, ObjectMapper json, Consumer<String> say, OffsiteChunks chunks) {
        this.store = store;
        this.catalog = catalog;
        this.json = json;
        this.say = say == null ? s -> { } : say;
        this.chunks = chunks;
    }

    BackupRecord fetch(String idOrLatest, List<RemoteBackup> remote) {
        boolean latest = "latest".equals(idOrLatest);
        if (!latest) {
            BackupId.require(idOrLatest);
        }
        List<RemoteBackup> candidates = remote.stream().filter(b -> latest || b.id().equals(idOrLatest)).toList();
        if (!latest && (candidates.isEmpty() || !candidates.get(0).complete())) {
            throw new BackupException(ErrorKind.NOT_FOUND, "backup " + idOrLatest + (candidates.isEmpty() ? " is not in " : " is incomplete in ")
                    + store.location(""), "list what is there with `cartographus backup offsite list`", null);
        }
        List<String> rejected = new ArrayList<>();
        for (RemoteBackup b : candidates) {
            if (!b.complete()) {
                continue;
            }
            if (latest && CreatedAt.inFuture(BackupId.timeOf(b.id()), Instant.now())) {
                say.accept("skipping " + b.id() + ": its id names a moment in the future");
                rejected.add(b.id() + ": its id names a moment in the future");
                continue;
            }
            BackupRecord here = catalog.get(b.id()).orElse(null);
            if (here != null && here.isCompleted() && here.fileName() != null && Files.isRegularFile(catalog.files().archive(here.fileName()))) {
                if (latest && !here.hasDatabase()) {
                    continue;
                }
                say.accept("backup " + b.id() + " is already in " + catalog.files().dir());
                return here;
            }
            try {
                BackupRecord r = record(b);
                if (latest && (!r.hasDatabase() || r.verification() != null && "failed".equals(r.verification().status()))) {
                    continue;
                }
                return download(b, r);
            } catch (BackupException e) {
                if (!latest || e.kind() != ErrorKind.CORRUPT_ARCHIVE) {
                    throw e;
                }
                say.accept("skipping " + b.id() + ": " + e.getMessage());
                rejected.add(b.id() + ": " + e.getMessage());
            }
        }
        if (rejected.isEmpty()) {
            throw new BackupException(ErrorKind.NOT_FOUND, "no completed backup with a database in " + store.location(""));
        }
        throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "no backup in " + store.location("") + " arrived intact: "
                + String.join(" | ", rejected), "check the bucket; nothing was changed locally", null);
    }

    /** Reads and checks the record sidecar. */
    private BackupRecord record(RemoteBackup b) {
        BackupRecord r;
        try {
            r = json.readValue(store.read(b.record().name(), MAX_SIDECAR), BackupRecord.class);
        } catch (IOException e) {
            throw corrupt(b, "its record " + b.record().name() + " is not a backup record: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (r == null || !b.id().equals(r.id())) {
            throw corrupt(b, "its record names another backup (" + (r == null ? null : r.id()) + ")");
        }
        if (!r.isCompleted()) {
            throw corrupt(b, "its record says " + (r.status() == null ? "no status" : r.status().label()) + ", not completed");
        }
        if (!RemoteBackup.isArchiveName(b.id(), r.fileName()) || !r.fileName().equals(b.archive().name())) {
            throw corrupt(b, "its record names archive " + r.fileName() + " but the bucket holds " + b.archive().name());
        }
        if (r.sizeBytes() != b.archive().size()) {
            throw corrupt(b, "the archive in the bucket is " + b.archive().size() + " bytes, its record says " + r.sizeBytes());
        }
        return r;
    }

    private BackupRecord download(RemoteBackup b, BackupRecord r) {
        String expected = transfer(b, r, catalog.files());
        catalog.writeChecksumFile(r.id(), expected, r.fileName());
        catalog.put(r);
        return r;
    }

    /**
     * A restore drill's download (docs/design.md §19): the newest complete backup with a database, read
     * exactly as {@link #fetch} reads it, into {@code dir} with its {@code .sha256} beside it. Unlike
     * "latest", it never skips a damaged one for an older one: a record that is not what it must be or an
     * archive that does not hash right is thrown (CORRUPT_ARCHIVE, naming the backup). The catalog is not told.
     */
    Offsite.Downloaded newestInto(List<RemoteBackup> remote, Path dir) {
        for (RemoteBackup b : remote) {
            if (!b.complete()) {
                continue;
            }
            BackupRecord r = record(b);
            if (!r.hasDatabase()) {
                continue;
            }
            BackupFiles files = new BackupFiles(dir);
            String expected = transfer(b, r, files);
            ChecksumFile.write(files, r.id(), expected, r.fileName());
            return new Offsite.Downloaded(r, files.archive(r.fileName()), files.checksum(r.id()));
        }
        throw new BackupException(ErrorKind.NOT_FOUND, "no completed backup with a database in " + store.location(""));
    }

    /** Checks the {@code .sha256} object against the record, then streams the archive into {@code files}; returns the hash. */
    private String transfer(RemoteBackup b, BackupRecord r, BackupFiles files) {
        String line = new String(store.read(b.checksum().name(), 4096), StandardCharsets.US_ASCII).strip();
        String expected = line.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(expected).matches() || !expected.equalsIgnoreCase(String.valueOf(r.checksum()))) {
            throw corrupt(b, b.checksum().name() + " and the record disagree on the checksum");
        }
        Path target = files.archive(r.fileName());
        requireSpace(target.getParent(), b.archive().size());
        say.accept("downloading " + store.location(r.fileName()) + " (" + b.archive().size() + " bytes) to " + target);
        long t0 = System.nanoTime();
        try {
            if (r.deduplicated()) {
                // Into BACKUP_DIR the backup joins the store (its reference list pins its chunks); a drill's
                // scratch copy only fills in missing chunks, which the next collection removes again.
                downloadDeduplicated(b, r, target, expected, files.dir().equals(catalog.files().dir()));
            } else {
                store.get(r.fileName(), target, expected);
            }
        } catch (BackupException e) {
            if (e.kind() != ErrorKind.CORRUPT_ARCHIVE || e.getMessage().startsWith("backup " + b.id() + " in ")) {
                throw e;
            }
            throw corrupt(b, e.getMessage());
        }
        say.accept("downloaded and checked (SHA-256 " + expected + ") in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        return expected;
    }

    private void downloadDeduplicated(RemoteBackup b, BackupRecord r, Path target, String expected, boolean register) {
        if (chunks == null) {
            throw new BackupException(ErrorKind.INTERNAL, "backup " + r.id() + " is deduplicated and no chunk store is wired");
        }
        Path part;
        try {
            part = io.cartographus.fs.TempFiles.createFile(target.getParent(), "offsite-" + r.id());
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot create a file in " + target.getParent() + ": " + e.getMessage(), e);
        }
        try {
            store.get(r.fileName(), part, expected);
            ChunkList list = chunks.manifestChunks().apply(part);
            ChunkStore local = chunks.dedup().store();
            ChunkCodec codec = chunks.dedup().codec();
            Map<String, ChunkList.Chunk> distinct = new LinkedHashMap<>();
            list.chunks().forEach(c -> distinct.putIfAbsent(c.file(), c));
            int fetched = 0;
            long bytes = 0;
            for (ChunkList.Chunk c : distinct.values()) {
                if (!ChunkName.valid(c.file())) {
                    throw corrupt(b, "its chunk list names " + c.file().substring(0, Math.min(80, c.file().length()))
                            + ", not a chunk file");
                }
                if (Files.isRegularFile(local.path(c.file()), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue; // the restore checks it like every chunk it reads
                }
                byte[] stored;
                try {
                    stored = store.read(ChunkStore.relative(c.file()), ChunkMirror.MAX_STORED_CHUNK);
                } catch (BackupException e) {
                    throw e.kind() == ErrorKind.NOT_FOUND ? corrupt(b, "chunk " + c.file() + " is missing from the bucket") : e;
                }
                try {
                    codec.decode(c.file(), stored, c.size(), c.sha256());
                } catch (BackupException e) {
                    throw e.kind() == ErrorKind.CORRUPT_ARCHIVE ? corrupt(b, e.getMessage()) : e;
                }
                local.write(c.file(), stored);
                fetched++;
                bytes += stored.length;
            }
            say.accept("downloaded " + fetched + " of the " + distinct.size() + " chunks backup " + r.id() + " needs (" + bytes
                    + " bytes, each checked); the other " + (distinct.size() - fetched) + " were already here");
            if (register) {
                local.writeRefs(r.id(), distinct.keySet());
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot move the archive into " + target.getParent() + ": "
                    + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                // a leftover temporary; start-up removes it
            }
        }
    }

    private static void requireSpace(Path dir, long size) {
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < size + SPARE_BYTES) {
                throw new BackupException(ErrorKind.NO_SPACE, "not enough space in " + dir + " for a " + size + "-byte archive ("
                        + free + " bytes free)");
            }
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot check the free space in " + dir + ": " + e.getMessage(), e);
        }
    }

    private BackupException corrupt(RemoteBackup b, String why) {
        return new BackupException(ErrorKind.CORRUPT_ARCHIVE, "backup " + b.id() + " in " + store.location("") + " cannot be used: " + why);
    }
}
