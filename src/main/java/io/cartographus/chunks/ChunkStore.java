package io.cartographus.chunks;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.Permissions;
import io.cartographus.fs.TempFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of the chunk store under {@code BACKUP_DIR/chunks}: chunks in 256 fan-out
 * directories, one reference list per deduplicated backup in {@code refs/}, the store's salt, and
 * the names of chunks found damaged (rewritten by the next backup that has their content).
 * Pins are in memory: the chunks a backup in progress uses, which a sweep must not delete.
 */
public final class ChunkStore {
    public static final String DIR = "chunks";
    private static final Pattern BACKUP_ID = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._-]{0,127}");
    private static final String REFS = "refs";
    private static final String SALT = "salt";
    private static final String DAMAGED = "damaged";

    private final Path root;
    private final Set<String> pinned = ConcurrentHashMap.newKeySet();
    private volatile java.util.function.Consumer<List<String>> onSwept = files -> { };

    public ChunkStore(Path backupDir) {
        this.root = backupDir.resolve(DIR);
    }

    /** Where a chunk lives relative to BACKUP_DIR, with '/' ({@code chunks/ab/ab12…zst}): the off-site object name too. */
    public static String relative(String file) {
        ChunkName.require(file);
        return DIR + "/" + file.substring(0, 2) + "/" + file;
    }

    /** A backup's reference list relative to BACKUP_DIR ({@code chunks/refs/<id>.refs}). */
    public static String refsRelative(String backupId) {
        if (!BACKUP_ID.matcher(backupId).matches()) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "not a backup id: " + backupId);
        }
        return DIR + "/" + REFS + "/" + backupId + ".refs";
    }

    /** The salt file relative to BACKUP_DIR. */
    public static final String SALT_RELATIVE = DIR + "/" + SALT;

    /** The salt file (it exists only once a sealed chunk was written). */
    public Path saltFile() {
        return root.resolve(SALT);
    }

    /**
     * Tells {@code listener} the chunk files each collection removed (off-site copies mirror it).
     * Called after the sweep, under the caller's operation lock; it must not block for long.
     */
    public void onSwept(java.util.function.Consumer<List<String>> listener) {
        this.onSwept = listener;
    }

    void swept(List<String> files) {
        if (!files.isEmpty()) {
            onSwept.accept(List.copyOf(files));
        }
    }

    /** The text of a reference list as {@link #writeRefs} writes it. */
    public static String refsText(Collection<String> files) {
        return String.join("\n", files) + "\n";
    }

    /** Parses a reference list from elsewhere (a bucket): lines that are not chunk names are dropped. */
    public static Set<String> parseRefs(String text) {
        Set<String> out = new LinkedHashSet<>();
        text.lines().map(String::strip).filter(ChunkName::valid).forEach(out::add);
        return out;
    }

    /** A chunk file with its size on disk. */
    public record Stored(String file, long bytes) {
    }

    public Path root() {
        return root;
    }

    /** Where a chunk lives; refuses names that are not ours. */
    public Path path(String file) {
        ChunkName.require(file);
        return root.resolve(file.substring(0, 2)).resolve(file);
    }

    /**
     * Pins the chunk with id {@code id} and returns its file if the store has it and it is not
     * known damaged. Pinning first, under the same monitor as the sweep's last check, is what
     * keeps a collection from deleting a chunk a running backup has just decided to reuse.
     */
    public synchronized Optional<String> pinExisting(String id) {
        for (String suffix : ChunkName.SUFFIXES) {
            String file = id + suffix;
            pinned.add(file);
            if (Files.isRegularFile(path(file), LinkOption.NOFOLLOW_LINKS) && !damaged().contains(file)) {
                return Optional.of(file);
            }
            pinned.remove(file);
        }
        return Optional.empty();
    }

    public void pin(String file) {
        pinned.add(file);
    }

    /** Releases pins once the backup's reference list is written (or the backup failed). */
    public void unpin(Collection<String> files) {
        pinned.removeAll(files);
    }

    /** Deletes an unreferenced chunk unless a backup pinned it meanwhile; returns the bytes freed. */
    synchronized long deleteUnpinned(Stored s) throws IOException {
        if (pinned.contains(s.file())) {
            return 0;
        }
        return Files.deleteIfExists(path(s.file())) ? s.bytes() : 0;
    }

    /** Writes a chunk durably (temporary name, fsync, rename), replacing a damaged copy; returns its size. */
    public long write(String file, byte[] bytes) {
        Path target = path(file);
        try {
            boolean fresh = !Files.isDirectory(target.getParent());
            Permissions.ensureDirectory(root);
            Permissions.ensureDirectory(target.getParent());
            if (fresh) {
                // The new fan-out directory's own name must survive a power loss too.
                AtomicFile.syncDirectory(root);
            }
            AtomicFile.write(target, bytes, Permissions.FILE);
            return bytes.length;
        } catch (IOException e) {
            throw new BackupException(io.cartographus.fs.DiskFull.causedBy(e) ? ErrorKind.NO_SPACE : ErrorKind.STORAGE_UNAVAILABLE,
                    "cannot write chunk " + file + ": " + e.getMessage(), e);
        }
    }

    /** The stored bytes of a chunk, read no further than a chunk can be. */
    public byte[] read(String file) {
        Path p = path(file);
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            byte[] b = in.readNBytes(ChunkGrid.MAX_CHUNK + 4096 + 1);
            if (b.length > ChunkGrid.MAX_CHUNK + 4096) {
                throw ChunkCodec.damaged(file, "it is larger than any chunk can be");
            }
            return b;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "chunk " + file + " is missing from " + root, e);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot read chunk " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every chunk file in the store (other names, temporary ones included, are not chunks and are skipped). */
    public List<Stored> list() {
        List<Stored> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("[0-9a-f]{2}")).sorted().toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.sorted().toList()) {
                        String name = f.getFileName().toString();
                        if (ChunkName.valid(name) && name.startsWith(dir.getFileName().toString())
                                && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                            out.add(new Stored(name, Files.size(f)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot list the chunk store " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Total bytes of all chunk files. */
    public long totalBytes() {
        return list().stream().mapToLong(Stored::bytes).sum();
    }

    /** Start-up: removes what interrupted chunk and list writes left under temporary names. */
    public List<Path> removeLeftovers() throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return removed;
        }
        removed.addAll(TempFiles.removeLeftovers(root));
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                removed.addAll(TempFiles.removeLeftovers(d));
            }
        }
        return removed;
    }

    /** Writes the reference list of a backup: every chunk file it needs, one per line. */
    public void writeRefs(String backupId, Collection<String> files) {
        Path p = refsPath(backupId);
        try {
            Permissions.ensureDirectory(root);
            Permissions.ensureDirectory(p.getParent());
            AtomicFile.writeString(p, refsText(files), Permissions.FILE);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot write " + p + ": " + e.getMessage(), e);
        }
    }

    /** The reference list of a backup, or empty if it has none. */
    public Optional<Set<String>> readRefs(String backupId) {
        Path p = refsPath(backupId);
        try {
            Set<String> out = new LinkedHashSet<>();
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(ChunkName.require(line.strip()));
                }
            }
            return Optional.of(out);
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** Backup ids that have a reference list. */
    public List<String> refIds() {
        Path dir = root.resolve(REFS);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".refs"))
                    .map(n -> n.substring(0, n.length() - 5)).filter(id -> BACKUP_ID.matcher(id).matches()).sorted().toList();
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    void deleteRefs(String backupId) throws IOException {
        Files.deleteIfExists(refsPath(backupId));
    }

    private Path refsPath(String backupId) {
        if (!BACKUP_ID.matcher(backupId).matches()) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "not a backup id: " + backupId);
        }
        return root.resolve(REFS).resolve(backupId + ".refs");
    }

    /** The store's salt for keyed names, created (random) on first use. */
    public synchronized byte[] salt(java.util.function.Supplier<byte[]> fresh) {
        Path p = root.resolve(SALT);
        try {
            if (Files.isRegularFile(p)) {
                String hex = Files.readString(p, StandardCharsets.US_ASCII).strip();
                if (hex.matches("[0-9a-f]{32}")) {
                    return HexFormat.of().parseHex(hex);
                }
            }
            byte[] salt = fresh.get();
            Permissions.ensureDirectory(root);
            AtomicFile.writeString(p, HexFormat.of().formatHex(salt) + "\n", Permissions.FILE);
            return salt;
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot read or write " + p + ": " + e.getMessage(), e);
        }
    }

    /** Chunks a check or a validation found damaged, not yet rewritten. */
    public synchronized Set<String> damaged() {
        Path p = root.resolve(DAMAGED);
        try {
            if (!Files.isRegularFile(p)) {
                return Set.of();
            }
            Set<String> out = new LinkedHashSet<>();
            for (String line : Files.readAllLines(p, StandardCharsets.US_ASCII)) {
                if (ChunkName.valid(line.strip())) {
                    out.add(line.strip());
                }
            }
            return out;
        } catch (IOException e) {
            return Set.of();
        }
    }

    /** Replaces the set of damaged chunks (a store-wide check's result). */
    public synchronized void setDamaged(Collection<String> files) {
        writeDamaged(new LinkedHashSet<>(files));
    }

    /** Adds to the damaged set (a validation found one) or removes from it (a backup rewrote one). */
    public synchronized void markDamaged(String file, boolean isDamaged) {
        Set<String> now = new LinkedHashSet<>(damaged());
        if (isDamaged ? now.add(file) : now.remove(file)) {
            writeDamaged(now);
        }
    }

    private void writeDamaged(Set<String> files) {
        Path p = root.resolve(DAMAGED);
        try {
            if (files.isEmpty()) {
                Files.deleteIfExists(p);
                return;
            }
            Permissions.ensureDirectory(root);
            AtomicFile.writeString(p, String.join("\n", files) + "\n", Permissions.FILE);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot write " + p + ": " + e.getMessage(), e);
        }
    }
}
