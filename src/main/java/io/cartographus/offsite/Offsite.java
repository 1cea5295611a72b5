package io.cartographus.offsite;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupRecord.OffsiteState;
import io.cartographus.catalog.Catalog;
import io.cartographus.catalog.DeletionListener;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The off-site copy of BACKUP_DIR (docs/design.md §9): each completed backup (verified first when
 * BACKUP_VERIFY=true) is uploaded in the background with its sidecars, each deletion is mirrored,
 * {@link #sync} reconciles by listing, {@link #fetch} brings a backup back on a fresh machine. Nothing
 * here ever changes or deletes a local backup: a failed upload is recorded, counted and notified.
 *
 * <p>Uploads and deletions run one at a time on the executor Main passes (one thread), so a deletion
 * queued while its backup is still uploading runs after that upload.
 *
 * <p>Deduplicated backups (docs/design.md §15) take their chunks along ({@link ChunkMirror}): an
 * upload sends the chunks the bucket lacks first; a local collection's removed chunks are journaled
 * ({@code offsite-chunk-deletions.json}) and deleted in the bucket unless a reference list there
 * still names them, after the backup deletions queued before it.
 */
public final class Offsite implements DeletionListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Offsite.class);
    static final String UPLOADED = "uploaded";
    static final String FAILED = "failed";
    static final String PENDING = "pending";

    private final OffsiteStore store;
    private final Catalog catalog;
    private final ObjectMapper json;
    private final OffsiteListener listener;
    private final ExecutorService executor;
    private final DeletionJournal journal;
    private final DeletionJournal chunkJournal;
    private final OffsiteChunks chunks;
    private final ChunkMirror mirror;
    /** Chunk uploads and chunk deletions never interleave, whichever thread runs them (a sync, the executor). */
    private final Object chunkLock = new Object();
    static final String CHUNKS_KEY = "chunks";

    /**
     * @param executor runs background uploads and deletions; one thread keeps them in order
     * @param chunks the chunk store, for deduplicated backups; null when there is none
     */
    public Offsite(OffsiteStore store, Catalog catalog, ObjectMapper json, OffsiteListener listener, ExecutorService executor,
                   OffsiteChunks chunks) {
        this.store = store;
        this.catalog = catalog;
        this.json = json;
        this.listener = listener;
        this.executor = executor;
        this.journal = catalog == null ? null : new DeletionJournal(catalog.files().dir(), json);
        this.chunkJournal = catalog == null ? null : new DeletionJournal(catalog.files().dir(), json, DeletionJournal.CHUNKS_FILE);
        this.chunks = chunks;
        this.mirror = store == null || chunks == null ? null : new ChunkMirror(store, chunks.dedup().store());
    }

    /** Off-site copies are off (no BACKUP_OFFSITE_URL): events are ignored, commands explain how to turn them on. */
    public static Offsite disabled() {
        return new Offsite(null, null, null, OffsiteListener.NONE, null, null);
    }

    public boolean enabled() {
        return store != null;
    }

    /** {@code s3://bucket/prefix/}. */
    public String location() {
        return require().location("");
    }

    /** A backup finished (and passed verification, when that is on): queue its upload. */
    public void backupReady(BackupRecord r) {
        if (!enabled() || !r.isCompleted()) {
            return;
        }
        if (!eligible(r)) {
            catalog.update(r.id(), cur -> cur.withOffsite(new OffsiteState(FAILED, null, now(),
                    "not uploaded: the backup failed verification")));
            log.warn("off-site: backup {} is not uploaded: it failed verification", r.id());
            return;
        }
        queue(r.id());
    }

    /** At start-up: uploads that were queued or failed before the last stop are tried again. */
    public int resumePending() {
        if (!enabled()) {
            return 0;
        }
        int n = 0;
        for (BackupRecord r : catalog.all()) {
            if (r.offsite() != null && !UPLOADED.equals(r.offsite().status()) && r.offsite().location() != null && eligible(r)) {
                queue(r.id());
                n++;
            }
        }
        if (n > 0) {
            log.info("off-site: {} upload(s) left from before the last stop queued again", n);
        }
        journal.all().forEach(this::queueDeletion);
        if (!chunkJournal.all().isEmpty()) {
            queueChunkSweep();
        }
        return n;
    }

    private void queue(String id) {
        String where = store.location(catalog.get(id).map(BackupRecord::fileName).orElse(""));
        catalog.update(id, cur -> cur.withOffsite(new OffsiteState(PENDING, where, now(), null)));
        try {
            executor.execute(() -> inBackground(id, "offsite-upload", () -> catalog.get(id).ifPresent(this::upload)));
        } catch (RejectedExecutionException e) {
            log.warn("off-site: upload of {} not started: shutting down; it stays pending and is retried at the next start", id);
        }
    }

    /** Mirrors a local deletion (a small listener on the catalog): journaled first, then queued. */
    @Override
    public void deleted(BackupRecord removed) {
        if (!enabled() || removed.fileName() == null) {
            return;
        }
        List<String> names = new java.util.ArrayList<>(List.of(RemoteBackup.recordName(removed.id()), removed.fileName(),
                RemoteBackup.checksumName(removed.id())));
        if (removed.deduplicated()) {
            // Its reference list goes last: until then it keeps the backup's chunks from a mirrored collection.
            names.add(io.cartographus.chunks.ChunkStore.refsRelative(removed.id()));
        }
        try {
            journal.add(removed.id(), names);
        } catch (BackupException e) {
            log.warn("off-site: {}; the copy of {} is deleted now if possible, else by `backup offsite sync --mirror`",
                    e.getMessage(), removed.id());
        }
        queueDeletion(removed.id(), names);
    }

    private void queueDeletion(String id, List<String> names) {
        try {
            executor.execute(() -> inBackground(id, "offsite-delete", () -> {
                deleteNames(id, names);
                log.info("off-site: deleted the copy of {} in {}", id, store.location(""));
            }));
        } catch (RejectedExecutionException e) {
            log.warn("off-site: copy of deleted backup {} not deleted yet: shutting down; it is deleted at the next start "
                    + "or by `cartographus backup offsite sync`", id);
        }
    }

    /** Deletes a backup's objects, sidecar first, and clears its journal entry. */
    void deleteNames(String id, List<String> names) {
        for (String name : names) {
            store.delete(name);
        }
        journal.remove(id);
    }

    /**
     * A local collection removed {@code files} (a listener on the chunk store): journaled, then
     * deleted in the bucket in the background, after the backup deletions queued before.
     */
    public void chunksCollected(List<String> files) {
        if (!enabled() || files.isEmpty() || mirror == null) {
            return;
        }
        try {
            chunkJournal.merge(CHUNKS_KEY, files);
        } catch (BackupException e) {
            log.warn("off-site: {}; the {} chunks just collected stay in the bucket (`backup offsite sync` reports them as "
                    + "unreferenced)", e.getMessage(), files.size());
            return;
        }
        queueChunkSweep();
    }

    private void queueChunkSweep() {
        try {
            executor.execute(() -> inBackground("chunks", "offsite-delete", this::sweepChunks));
        } catch (RejectedExecutionException e) {
            log.warn("off-site: collected chunks not deleted in the bucket yet: shutting down; they are at the next start "
                    + "or by `cartographus backup offsite sync`");
        }
    }

    /**
     * Finishes the journaled backup deletions (so their reference lists are gone), then deletes the
     * journaled chunks that no reference list left in the bucket names. Returns what it did; throws
     * (journal kept) when the bucket cannot be read or written.
     */
    RemoteChunks.Sweep sweepChunks() {
        if (mirror == null) {
            return new RemoteChunks.Sweep(List.of(), List.of(), List.of());
        }
        synchronized (chunkLock) {
            journal.all().forEach(this::deleteNames);
            List<String> candidates = chunkJournal.all().getOrDefault(CHUNKS_KEY, List.of());
            if (candidates.isEmpty()) {
                return new RemoteChunks.Sweep(List.of(), List.of(), List.of());
            }
            RemoteChunks.Sweep s = mirror.sweep(candidates);
            // Kept ones stay in the bucket as long as a backup there needs them; sync reports them when none does.
            chunkJournal.removeNames(CHUNKS_KEY, candidates);
            return s;
        }
    }

    ChunkMirror mirror() {
        return mirror;
    }

    Map<String, List<String>> pendingDeletions() {
        return journal.all();
    }

    void forgetDeletion(String id) {
        journal.remove(id);
    }

    /**
     * Uploads one backup now, records the outcome on its record and tells the listener. Returns the
     * state, or null when the backup no longer exists. A failure never touches the local backup.
     */
    public OffsiteState upload(BackupRecord r) {
        return upload(r, null);
    }

    /** {@link #upload(BackupRecord)} within a round that listed the bucket's chunks once ({@code listing}, or null). */
    OffsiteState upload(BackupRecord r, RemoteChunks.Listing listing) {
        OffsiteStore s = require();
        OffsiteState state;
        try {
            synchronized (chunkLock) {
                state = new Uploader(s, catalog.files(), json, mirror).upload(r, listing);
            }
        } catch (BackupException e) {
            String error = e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")");
            state = new OffsiteState(FAILED, s.location(String.valueOf(r.fileName())), now(), error);
            OffsiteState failed = state;
            BackupRecord updated = catalog.update(r.id(), cur -> cur.withOffsite(failed)).orElse(null);
            if (updated != null) {
                log.error("off-site: upload of {} FAILED (the local backup is fine): {}", r.id(), error);
                listener.failed(updated, error);
            }
            return updated == null ? null : state;
        }
        OffsiteState uploaded = state;
        BackupRecord updated = catalog.update(r.id(), cur -> cur.withOffsite(uploaded)).orElse(null);
        if (updated != null) {
            listener.uploaded(updated);
        }
        return updated == null ? null : state;
    }

    /** The backups in the bucket, newest first. */
    public List<RemoteBackup> remote() {
        return RemoteBackup.group(require().list("backup-"));
    }

    /**
     * Uploads what the bucket lacks and finishes the deletions made here; with {@code mirror} also
     * deletes every backup the local catalog does not have. {@code dryRun} only reports.
     */
    public SyncReport sync(boolean dryRun, boolean mirror) {
        return new OffsiteSync(this, catalog).run(remote(), dryRun, mirror);
    }

    /**
     * Brings backup {@code idOrLatest} from the bucket into BACKUP_DIR (archive checked against its
     * {@code .sha256} while it streams in, then the sidecars) and adds it to the catalog; "latest" is the
     * newest completed backup with a database that arrives intact. Returns its record.
     */
    public BackupRecord fetch(String idOrLatest, Consumer<String> say) {
        BackupRecord r = new OffsiteFetch(require(), catalog, json, say, chunks).fetch(idOrLatest, remote());
        journal.remove(r.id());
        return r;
    }

    /** A backup downloaded for a restore drill: its record (from the bucket), and the archive and {@code .sha256} in the scratch directory. */
    public record Downloaded(BackupRecord record, java.nio.file.Path archive, java.nio.file.Path checksumFile) {
    }

    /**
     * Downloads the newest complete backup with a database from the bucket into {@code dir}, as a disaster
     * would need it, without touching the catalog (a restore drill, docs/design.md §19); a deduplicated one
     * fills in the chunks BACKUP_DIR's store lacks, unregistered, so the next collection removes them. A damaged
     * newest copy is an error naming it, never a silent step back to an older one.
     */
    public Downloaded downloadNewest(java.nio.file.Path dir, Consumer<String> say) {
        return new OffsiteFetch(require(), catalog, json, say, chunks).newestInto(remote(), dir);
    }

    void markUploaded(BackupRecord r) {
        catalog.update(r.id(), cur -> cur.withOffsite(new OffsiteState(UPLOADED, store.location(r.fileName()), now(), null)));
    }

    /** Closes the store (after Main stopped the executor). */
    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
    }

    /** Completed, with an archive, and not known to be broken. */
    static boolean eligible(BackupRecord r) {
        return r.isCompleted() && r.fileName() != null && (r.verification() == null || !FAILED.equals(r.verification().status()));
    }

    private OffsiteStore require() {
        if (store == null) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "off-site copies are off",
                    "set BACKUP_OFFSITE_URL=s3://bucket/prefix (and BACKUP_OFFSITE_ENDPOINT for a non-AWS server)", null);
        }
        return store;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    // A job on an executor must not die silently: log why, keep the thread for the next job.
    private static void inBackground(String id, String action, Runnable job) {
        MDC.put("backup_id", id);
        MDC.put("action", action);
        try {
            job.run();
        } catch (BackupException e) {
            log.warn("off-site: {} of {} failed: {}{}", action, id, e.getMessage(),
                    action.endsWith("delete") ? "; it stays in the deletion journal for the next start or `backup offsite sync`" : "");
        } catch (RuntimeException e) {
            log.error("off-site: {} of {} failed: {}", action, id, e.getMessage(), e);
        } finally {
            MDC.remove("backup_id");
            MDC.remove("action");
        }
    }
}
