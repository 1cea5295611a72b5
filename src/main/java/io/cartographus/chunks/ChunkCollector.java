package io.cartographus.chunks;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Garbage collection by mark and sweep. The caller holds the operation lock, so no backup is
 * writing chunks or reference lists meanwhile; pins are checked once more at each deletion all the
 * same. Marks are the reference lists of the backups the catalog still has ({@code live}); a
 * deduplicated backup whose list is missing stops the sweep (deleting nothing is always safe).
 * Lists of backups the catalog no longer has are deleted first, then unmarked chunks. A crash at
 * any point leaves only garbage that the next collection removes.
 */
public final class ChunkCollector {
    private static final Logger log = LoggerFactory.getLogger(ChunkCollector.class);
    private final ChunkStore store;

    public ChunkCollector(ChunkStore store) {
        this.store = store;
    }

    /** What a collection removed. */
    public record Collected(int chunks, long bytes, boolean skipped, String reason) {
        public static Collected none() {
            return new Collected(0, 0, false, null);
        }
    }

    /**
     * @param live ids of every backup the catalog has (any status)
     * @param dedup those of them stored in the chunk store (their reference list must exist)
     */
    public Collected collect(Collection<String> live, Collection<String> dedup) {
        Map<String, Set<String>> refs = new HashMap<>();
        for (String id : dedup) {
            Optional<Set<String>> r = store.readRefs(id);
            if (r.isEmpty()) {
                String why = "backup " + id + " is stored in the chunk store but its reference list is missing";
                log.warn("chunk collection skipped: {}", why);
                return new Collected(0, 0, true, why);
            }
            refs.put(id, r.get());
        }
        Set<String> keep = new HashSet<>(live);
        Set<String> marked = new HashSet<>();
        for (String id : store.refIds()) {
            if (keep.contains(id)) {
                marked.addAll(refs.computeIfAbsent(id, k -> store.readRefs(k).orElse(Set.of())));
            }
        }
        try {
            for (String id : store.refIds()) {
                if (!keep.contains(id)) {
                    store.deleteRefs(id);
                }
            }
            int chunks = 0;
            long bytes = 0;
            List<String> removed = new java.util.ArrayList<>();
            try {
                for (ChunkStore.Stored s : store.list()) {
                    if (!marked.contains(s.file())) {
                        long freed = store.deleteUnpinned(s);
                        if (freed > 0) {
                            chunks++;
                            bytes += freed;
                            removed.add(s.file());
                        }
                    }
                }
            } finally {
                // What was removed is told even when the sweep stopped half-way: those files are gone.
                store.swept(removed);
            }
            if (chunks > 0) {
                log.info("chunk collection removed {} chunks ({} bytes)", chunks, bytes);
            }
            return new Collected(chunks, bytes, false, null);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "collecting unused chunks in " + store.root() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Per backup, the bytes deleting it (together with the others in {@code deleting}) would free:
     * its chunks that no backup outside {@code deleting} uses, each counted once, at the first
     * backup (in {@code deleting}'s order) that uses it.
     */
    public Map<String, Long> wouldFree(List<String> deleting, Collection<String> live) {
        Set<String> remaining = new HashSet<>(live);
        remaining.removeAll(deleting);
        Set<String> stillUsed = new HashSet<>();
        for (String id : remaining) {
            store.readRefs(id).ifPresent(stillUsed::addAll);
        }
        Map<String, Long> sizes = new HashMap<>();
        store.list().forEach(s -> sizes.put(s.file(), s.bytes()));
        Set<String> counted = new HashSet<>();
        Map<String, Long> out = new LinkedHashMap<>();
        for (String id : deleting) {
            long freed = 0;
            for (String file : store.readRefs(id).orElse(Set.of())) {
                if (!stillUsed.contains(file) && counted.add(file)) {
                    freed += sizes.getOrDefault(file, 0L);
                }
            }
            out.put(id, freed);
        }
        return out;
    }
}
