package io.cartographus.validate;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cartographus.archive.ArchiveReader;
import io.cartographus.backup.InUse;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.catalog.Catalog;
import io.cartographus.chunks.ChunkList;
import io.cartographus.chunks.DedupStore;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The store-wide check: every chunk that a deduplicated backup's own manifest names is read once
 * and decoded as a restore would (present, decrypts and authenticates, decompresses, hashes to the
 * manifest and to its name), and the result names each damaged chunk and exactly the backups that
 * use it. Those backups are marked corrupted (docs/design.md §13), and the store's damaged list is
 * replaced by what this check found, so that the next backup holding a damaged chunk's content
 * writes it again. What a backup references is taken from its archive, never from the store's
 * bookkeeping. The backups read are claimed ({@link InUse}) so a deletion leaves them alone
 * meanwhile; nothing else is locked, so backups keep running. One check runs at a time.
 */
public final class StoreCheck {
    /** A manifest holds a chunk list and some configuration: nothing near this. */
    private static final ArchiveReader.Limits MANIFEST_ONLY = new ArchiveReader.Limits(256L << 20, 256L << 20, 64);

    private final Catalog catalog;
    private final InUse inUse;
    private final ArchiveSurvey survey;
    private final DedupStore dedup;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();

    public StoreCheck(Catalog catalog, InUse inUse, ArchiveSurvey survey, DedupStore dedup, Clock clock) {
        this.catalog = catalog;
        this.inUse = inUse;
        this.survey = survey;
        this.dedup = dedup;
        this.clock = clock;
    }

    /**
     * What one check found.
     *
     * @param damagedChunks    chunk file → why it failed
     * @param affectedBackups  backup id → its damaged chunks (these backups were marked corrupted)
     * @param notChecked       backup id or chunk file → why it could not be checked (a missing key, an unreadable
     *                         archive): no verdict, nothing marked
     */
    public record Result(@JsonProperty("started_at") String startedAt, @JsonProperty("duration_ms") long durationMs,
                         @JsonProperty("backups_checked") int backupsChecked, @JsonProperty("chunks_checked") int chunksChecked,
                         @JsonProperty("bytes_read") long bytesRead, @JsonProperty("damaged_chunks") Map<String, String> damagedChunks,
                         @JsonProperty("affected_backups") Map<String, List<String>> affectedBackups,
                         @JsonProperty("not_checked") Map<String, String> notChecked) {
    }

    /** @throws BackupException BUSY while another check runs */
    public Result run() {
        if (!running.compareAndSet(false, true)) {
            throw new BackupException(ErrorKind.BUSY, "a store check is already running", "wait for it to finish", null);
        }
        try {
            return check();
        } finally {
            running.set(false);
        }
    }

    private Result check() {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Map<String, String> notChecked = new TreeMap<>();
        List<InUse.Claim> claims = new ArrayList<>();
        try {
            // file → the expectations (size, sha256) and the backups that hold each
            Map<String, Map<ChunkList.Chunk, Set<String>>> uses = new TreeMap<>();
            int backups = 0;
            for (BackupRecord r : catalog.all()) {
                if (!r.deduplicated() || r.fileName() == null
                        || (r.status() != BackupStatus.COMPLETED && r.status() != BackupStatus.CORRUPTED)) {
                    continue;
                }
                claims.add(inUse.claim(r.id()));
                ChunkList list;
                try {
                    list = chunkList(r);
                } catch (BackupException e) {
                    notChecked.put(r.id(), e.getMessage());
                    continue;
                }
                backups++;
                for (ChunkList.Chunk c : list.chunks()) {
                    uses.computeIfAbsent(c.file(), k -> new LinkedHashMap<>()).computeIfAbsent(c, k -> new TreeSet<>()).add(r.id());
                }
            }
            Map<String, String> damaged = new TreeMap<>();
            Map<String, List<String>> affected = new TreeMap<>();
            long bytes = 0;
            for (Map.Entry<String, Map<ChunkList.Chunk, Set<String>>> u : uses.entrySet()) {
                String file = u.getKey();
                byte[] stored;
                try {
                    stored = dedup.store().read(file);
                    bytes += stored.length;
                } catch (BackupException e) {
                    if (e.kind() != ErrorKind.CORRUPT_ARCHIVE) {
                        notChecked.put(file, e.getMessage());
                        continue;
                    }
                    damaged.put(file, e.getMessage());
                    u.getValue().values().forEach(ids -> ids.forEach(id -> affected.computeIfAbsent(id, k -> new ArrayList<>()).add(file)));
                    continue;
                }
                for (Map.Entry<ChunkList.Chunk, Set<String>> expectation : u.getValue().entrySet()) {
                    ChunkList.Chunk c = expectation.getKey();
                    try {
                        dedup.codec().decode(file, stored, c.size(), c.sha256());
                    } catch (BackupException e) {
                        if (e.kind() != ErrorKind.CORRUPT_ARCHIVE) {
                            notChecked.put(file, e.getMessage());
                            continue;
                        }
                        damaged.putIfAbsent(file, e.getMessage());
                        expectation.getValue().forEach(id -> affected.computeIfAbsent(id, k -> new ArrayList<>()).add(file));
                    }
                }
            }
            dedup.store().setDamaged(damaged.keySet());
            Instant at = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            affected.forEach((id, files) -> catalog.update(id, cur -> cur.corrupted(at, "check: " + files.size() + " damaged chunk(s): "
                    + damaged.get(files.get(0)))));
            return new Result(started.truncatedTo(ChronoUnit.SECONDS).toString(), (System.nanoTime() - t0) / 1_000_000, backups,
                    uses.size(), bytes, damaged, affected, notChecked);
        } finally {
            claims.forEach(InUse.Claim::close);
        }
    }

    /** The chunk list in the backup's own manifest; CORRUPT_ARCHIVE or INVALID_REQUEST (no key) when it cannot be read. */
    private ChunkList chunkList(BackupRecord r) {
        Path archive = catalog.files().archive(r.fileName());
        try (InputStream in = Files.newInputStream(archive, LinkOption.NOFOLLOW_LINKS)) {
            ArchiveSurvey.Survey s = survey.survey(in, MANIFEST_ONLY);
            if (s.manifest() == null || s.manifest().databaseChunks() == null) {
                throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "backup " + r.id() + ": its manifest lists no chunks"
                        + (s.problems().isEmpty() ? "" : " (" + String.join("; ", s.problems()) + ")"));
            }
            return s.manifest().databaseChunks();
        } catch (IOException e) {
            throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "backup " + r.id() + ": cannot read " + archive.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
