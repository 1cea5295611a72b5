package io.cartographus.offsite;

import io.cartographus.chunks.ChunkGrid;
import io.cartographus.chunks.ChunkStore;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the chunk store to the bucket and mirrors its collections there (docs/design.md §9, §15).
 *
 * <p>What the bucket holds is learned by listing {@code chunks/} once per round (an upload, a
 * sweep, a sync), not from a set cached here: a listing is one request per 1,000 chunks, far less
 * than the uploads it saves, and it stays right when the bucket changes behind our back (a
 * lifecycle rule, a hand clean-up, a second server), where a cached set would let a backup be
 * called complete in the bucket with chunks missing. No chunk is ever looked up one by one.
 *
 * <p>Only the reference lists read from the bucket are cached, by name and size: a backup's list
 * never changes once written, and a sweep needs all of them.
 */
final class ChunkMirror {
    private static final Logger log = LoggerFactory.getLogger(ChunkMirror.class);
    /** A reference list names each chunk in ~70 bytes: 32 MiB is a database of ~120 GB. */
    static final int MAX_REFS = 32 * 1024 * 1024;
    static final int MAX_STORED_CHUNK = ChunkGrid.MAX_CHUNK + 4096;

    private final OffsiteStore store;
    private final ChunkStore local;
    private final Map<String, Set<String>> refsCache = new ConcurrentHashMap<>();

    ChunkMirror(OffsiteStore store, ChunkStore local) {
        this.store = store;
        this.local = local;
    }

    RemoteChunks.Listing list() {
        return RemoteChunks.Listing.of(store.list(RemoteChunks.PREFIX));
    }

    /**
     * Sends what backup {@code id} needs and the bucket lacks, then its reference list (and the
     * store's salt, once): chunks first, so nothing in the bucket names a chunk that is not there.
     * Updates {@code listing} with what it sent.
     */
    void upload(String id, RemoteChunks.Listing listing) {
        Set<String> needs = local.readRefs(id).orElseThrow(() -> new BackupException(ErrorKind.CORRUPT_ARCHIVE,
                "cannot upload backup " + id + ": it is deduplicated but " + ChunkStore.refsRelative(id) + " is missing"));
        Map<String, Long> sizes = new HashMap<>();
        for (String file : needs) {
            sizes.put(file, size(local.path(file)));
        }
        List<String> send = RemoteChunks.toUpload(needs, sizes, listing.chunks);
        long bytes = 0;
        long t0 = System.nanoTime();
        for (String file : send) {
            byte[] b = local.read(file);
            store.put(ChunkStore.relative(file), b);
            listing.chunks.put(file, (long) b.length);
            bytes += b.length;
        }
        listing.sentChunks += send.size();
        listing.sentBytes += bytes;
        byte[] refs = ChunkStore.refsText(needs).getBytes(StandardCharsets.UTF_8);
        store.put(ChunkStore.refsRelative(id), refs);
        refsCache.put(cacheKey(ChunkStore.refsRelative(id), refs.length), Set.copyOf(needs));
        listing.refs.put(id, new StoredObject(ChunkStore.refsRelative(id), refs.length, null, null));
        if (!listing.salt && Files.isRegularFile(local.saltFile(), LinkOption.NOFOLLOW_LINKS)) {
            try {
                store.put(ChunkStore.SALT_RELATIVE, Files.readAllBytes(local.saltFile()));
                listing.salt = true;
            } catch (IOException e) {
                throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot read " + local.saltFile() + ": " + e.getMessage(), e);
            }
        }
        log.info("off-site: backup {} needs {} chunks: sent {} new ({} bytes) in {} ms, {} already in {}", id, needs.size(), send.size(),
                bytes, (System.nanoTime() - t0) / 1_000_000, needs.size() - send.size(), store.location(RemoteChunks.PREFIX));
    }

    /**
     * The reference lists in the bucket, by backup id. They are untrusted: a line that is not a
     * chunk name is dropped (it can name no chunk), an unreadable list fails the whole call, so a
     * sweep that depends on it deletes nothing.
     */
    Map<String, Set<String>> remoteRefs(RemoteChunks.Listing listing) {
        Map<String, Set<String>> out = new HashMap<>();
        for (Map.Entry<String, StoredObject> e : listing.refs.entrySet()) {
            StoredObject o = e.getValue();
            out.put(e.getKey(), refsCache.computeIfAbsent(cacheKey(o.name(), o.size()),
                    k -> ChunkStore.parseRefs(new String(store.read(o.name(), MAX_REFS), StandardCharsets.UTF_8))));
        }
        return out;
    }

    /** Deletes in the bucket the chunks of {@code candidates} that no reference list there names. */
    RemoteChunks.Sweep sweep(List<String> candidates) {
        RemoteChunks.Listing listing = list();
        RemoteChunks.Sweep s = RemoteChunks.sweep(candidates, listing.chunks, remoteRefs(listing));
        for (String file : s.delete()) {
            store.delete(ChunkStore.relative(file));
        }
        if (!s.delete().isEmpty() || !s.kept().isEmpty()) {
            log.info("off-site: deleted {} chunks no backup in {} references{}", s.delete().size(), store.location(""),
                    s.kept().isEmpty() ? "" : "; kept " + s.kept().size() + " that a backup still in the bucket needs");
        }
        return s;
    }

    /** Every chunk the local backups in {@code ids} need (their reference lists). */
    Set<String> localNeeds(List<String> ids) {
        Set<String> out = new java.util.HashSet<>();
        for (String id : ids) {
            local.readRefs(id).ifPresent(out::addAll);
        }
        return out;
    }

    /** Whether the bucket has backup {@code id}'s reference list and every chunk it names, at the local size. */
    boolean inBucket(String id, RemoteChunks.Listing listing) {
        Set<String> needs = local.readRefs(id).orElse(Set.of());
        Map<String, Long> sizes = new HashMap<>();
        for (String file : needs) {
            Path p = local.path(file);
            sizes.put(file, Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? size(p) : -1L);
        }
        return listing.refs.containsKey(id) && RemoteChunks.toUpload(needs, sizes, listing.chunks).isEmpty();
    }

    private static String cacheKey(String name, long size) {
        return name + "#" + size;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.CORRUPT_ARCHIVE, "chunk " + p.getFileName() + " is missing from the store: " + e.getMessage(), e);
        }
    }
}
