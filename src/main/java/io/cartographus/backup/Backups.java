package io.cartographus.backup;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.Catalog;
import io.cartographus.chunks.ChunkCollector;
import io.cartographus.chunks.DedupStore;
import java.util.List;
import java.util.Map;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.log.LogContext;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operations the API, the CLI and the scheduler ask of the engine, each under the {@link OperationLock}. */
public final class Backups {
    private static final Logger log = LoggerFactory.getLogger(Backups.class);

    private final BackupJob job;
    private final Catalog catalog;
    private final OperationLock lock;
    private final InUse inUse;
    private final ExecutorService worker;

    /** @param worker runs backups started with {@link #start}; Main owns it */
    public Backups(BackupJob job, Catalog catalog, OperationLock lock, InUse inUse, ExecutorService worker) {
        this.job = job;
        this.catalog = catalog;
        this.lock = lock;
        this.inUse = inUse;
        this.worker = worker;
    }

    /** Takes a backup and waits for it. */
    public BackupRecord create(BackupRequest request) {
        try (OperationLock.Lease lease = lock.acquire("backup (" + request.type().label() + ", starting)")) {
            BackupRecord started = job.begin(request);
            lease.rename("backup " + started.id());
            try {
                return job.finish(started, lease.progress());
            } finally {
                collectQuietly();
            }
        }
    }

    /** Starts a backup in the background and returns its in-progress record at once. */
    public BackupRecord start(BackupRequest request) {
        OperationLock.Lease lease = lock.acquire("backup (" + request.type().label() + ", starting)");
        try {
            BackupRecord started = job.begin(request);
            lease.rename("backup " + started.id());
            worker.execute(() -> {
                try (lease; LogContext logContext = LogContext.open("backup", started.id())) {
                    try {
                        job.finish(started, lease.progress());
                    } finally {
                        collectQuietly();
                    }
                } catch (BackupException e) {
                    log.debug("background backup {} failed (recorded): {}", started.id(), e.getMessage());
                }
            });
            return started;
        } catch (RejectedExecutionException e) {
            lease.close();
            throw new BackupException(ErrorKind.UNAVAILABLE, "the server is shutting down", e);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** Deletes a backup's archive, sidecars and record; refused while it is in use. */
    public void delete(String id) {
        BackupRecord r = catalog.get(id).orElseThrow(() -> new BackupException(ErrorKind.NOT_FOUND, "backup " + id + " not found"));
        if (inUse.contains(id)) {
            throw new BackupException(ErrorKind.BUSY, "backup " + id + " is being downloaded or restored; try again later");
        }
        String running = lock.running();
        if (r.status() == io.cartographus.catalog.BackupStatus.IN_PROGRESS || running != null && running.contains(id)) {
            throw new BackupException(ErrorKind.BUSY, "backup " + id + " is in use by: " + running);
        }
        catalog.remove(id);
        // Retention holds the lock and collects once after all its deletions; a backup running now collects when it ends.
        try (OperationLock.Lease lease = lock.acquire("chunk collection after deleting " + id)) {
            collectQuietly();
        } catch (BackupException e) {
            if (e.kind() != ErrorKind.BUSY) {
                throw e;
            }
        }
    }

    /**
     * Removes the chunks no remaining backup references. The caller holds the {@link OperationLock}:
     * no backup writes chunks or reference lists meanwhile (see {@link io.cartographus.chunks.ChunkCollector}).
     */
    public ChunkCollector.Collected collectChunks() {
        DedupStore dedup = job.dedup();
        return dedup == null ? ChunkCollector.Collected.none() : dedup.collect(catalog.all());
    }

    /** Per backup to be deleted (together, in this order), the chunk bytes that would be freed. */
    public Map<String, Long> chunkBytesFreedBy(List<String> ids) {
        DedupStore dedup = job.dedup();
        if (dedup == null) {
            return Map.of();
        }
        List<String> live = catalog.all().stream().filter(r -> r.status() != io.cartographus.catalog.BackupStatus.FAILED)
                .map(BackupRecord::id).toList();
        return dedup.collector().wouldFree(ids, live);
    }

    /** A collection after a backup or a deletion: its failure leaves garbage for the next one, nothing worse. */
    private void collectQuietly() {
        try {
            collectChunks();
        } catch (BackupException e) {
            log.warn("collecting unused chunks failed (the next backup or deletion tries again): {}", e.getMessage());
        }
    }

    public OperationLock lock() {
        return lock;
    }

    public InUse inUse() {
        return inUse;
    }

    public Catalog catalog() {
        return catalog;
    }

    public BackupJob job() {
        return job;
    }
}
