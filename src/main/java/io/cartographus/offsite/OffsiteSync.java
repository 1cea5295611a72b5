package io.cartographus.offsite;

import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.Catalog;
import io.cartographus.error.BackupException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reconciles the bucket with the local catalog by listing. Uploads a backup that is complete here
 * and missing, unfinished or of another size there. Deletes there: backups deleted here (the
 * deletion journal), unfinished uploads of backups not here, and with {@code mirror} every backup
 * not here. A complete backup that is only in the bucket may never have been here (a machine
 * restored from the bucket holds one backup of many), so by default it is reported, not deleted;
 * and when the catalog holds no completed backup at all, nothing is deleted even with {@code mirror}.
 *
 * <p>With a chunk store, the bucket's {@code chunks/} is listed once for the whole run: a
 * deduplicated backup is in sync only when its reference list and every chunk it needs are there
 * (else it is uploaded, which sends just the missing chunks); a deleted backup's reference list
 * goes with it; the journaled chunk deletions are finished; and chunks that no reference list in
 * the bucket and no local backup names are reported, never deleted here.
 */
final class OffsiteSync {
    private final Offsite offsite;
    private final Catalog catalog;

    OffsiteSync(Offsite offsite, Catalog catalog) {
        this.offsite = offsite;
        this.catalog = catalog;
    }

    SyncReport run(List<RemoteBackup> remote, boolean dryRun, boolean mirror) {
        Map<String, RemoteBackup> byId = new HashMap<>();
        remote.forEach(b -> byId.put(b.id(), b));
        List<BackupRecord> local = catalog.all();
        Set<String> localIds = local.stream().map(BackupRecord::id).collect(Collectors.toSet());
        Lists out = new Lists();
        ChunkMirror chunks = offsite.mirror();
        RemoteChunks.Listing listing = chunks == null ? null : chunks.list();
        for (BackupRecord r : local) {
            upload(r, byId.get(r.id()), listing, dryRun, out);
        }

        Map<String, List<String>> journaled = offsite.pendingDeletions();
        List<RemoteBackup> gone = remote.stream().filter(b -> !localIds.contains(b.id())).toList();
        String refused = null;
        boolean noLocalBackup = local.stream().noneMatch(BackupRecord::isCompleted);
        for (RemoteBackup b : gone) {
            boolean deletedHere = journaled.containsKey(b.id());
            if (deletedHere || !b.complete() && !noLocalBackup || mirror && !noLocalBackup) {
                List<String> names = new ArrayList<>(b.names());
                if (listing != null && listing.refs.containsKey(b.id())) {
                    names.add(listing.refs.remove(b.id()).name());
                }
                delete(b.id(), names, dryRun, out);
            } else {
                out.onlyRemote.add(b.id());
            }
        }
        for (String id : journaled.keySet()) {
            if (!byId.containsKey(id) && !dryRun) {
                offsite.forgetDeletion(id);
            }
        }
        int chunksDeleted = 0;
        int extraChunks = 0;
        long extraBytes = 0;
        if (listing != null) {
            try {
                if (!dryRun) {
                    RemoteChunks.Sweep swept = offsite.sweepChunks();
                    chunksDeleted = swept.delete().size();
                    swept.delete().forEach(listing.chunks::remove);
                }
                Map<String, Long> extra = RemoteChunks.extra(listing.chunks, chunks.remoteRefs(listing),
                        chunks.localNeeds(local.stream().filter(BackupRecord::deduplicated).map(BackupRecord::id).toList()));
                extraChunks = extra.size();
                extraBytes = extra.values().stream().mapToLong(Long::longValue).sum();
            } catch (BackupException e) {
                out.errors.add("chunks: " + e.getMessage());
            }
        }
        if (!out.onlyRemote.isEmpty()) {
            refused = noLocalBackup
                    ? "the local catalog has no completed backup (a fresh machine?): the " + out.onlyRemote.size() + " backup(s) in the "
                    + "bucket are kept; restore with `backup restore latest --from-offsite`"
                    : out.onlyRemote.size() + " backup(s) in the bucket were never in this catalog or not deleted by it, so they "
                    + "are kept (`--mirror` deletes them)";
        }
        SyncReport.Chunks chunkReport = listing == null ? null
                : new SyncReport.Chunks(listing.sentChunks, listing.sentBytes, chunksDeleted, extraChunks, extraBytes);
        return new SyncReport(dryRun, offsite.location(), out.uploaded, out.deleted, out.inSync, out.onlyRemote, out.skipped, out.errors,
                refused, chunkReport);
    }

    private void upload(BackupRecord r, RemoteBackup there, RemoteChunks.Listing listing, boolean dryRun, Lists out) {
        if (!r.isCompleted()) {
            return;
        }
        if (!Offsite.eligible(r)) {
            out.skipped.add(r.id() + ": failed verification, not uploaded");
            return;
        }
        boolean chunksThere = !r.deduplicated() || listing != null && offsite.mirror().inBucket(r.id(), listing);
        if (chunksThere && there != null && there.complete() && there.archive().name().equals(r.fileName())
                && there.archive().size() == r.sizeBytes()) {
            out.inSync.add(r.id());
            if (!dryRun && (r.offsite() == null || !Offsite.UPLOADED.equals(r.offsite().status()))) {
                offsite.markUploaded(r);
            }
            return;
        }
        if (dryRun) {
            out.uploaded.add(r.id());
            return;
        }
        BackupRecord.OffsiteState s = offsite.upload(r, listing);
        if (s != null && Offsite.UPLOADED.equals(s.status())) {
            out.uploaded.add(r.id());
        } else if (s != null) {
            out.errors.add(r.id() + ": " + s.error());
        }
    }

    private void delete(String id, List<String> names, boolean dryRun, Lists out) {
        if (dryRun) {
            out.deleted.add(id);
            return;
        }
        try {
            offsite.deleteNames(id, names);
            out.deleted.add(id);
        } catch (BackupException e) {
            out.errors.add(id + ": delete failed: " + e.getMessage());
        }
    }

    private static final class Lists {
        final List<String> uploaded = new ArrayList<>();
        final List<String> deleted = new ArrayList<>();
        final List<String> inSync = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        final List<String> onlyRemote = new ArrayList<>();
    }
}
