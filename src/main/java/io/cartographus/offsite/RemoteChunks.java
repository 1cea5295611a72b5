package io.cartographus.offsite;

import io.cartographus.catalog.BackupId;
import io.cartographus.chunks.ChunkName;
import io.cartographus.chunks.ChunkStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The chunk store as the bucket holds it, and the pure decisions about it: which chunks an upload
 * must send, which a mirrored collection may delete, which nothing references. The bucket uses the
 * very names of BACKUP_DIR ({@code chunks/ab/ab…zst}, {@code chunks/refs/<id>.refs},
 * {@code chunks/salt}), so {@code aws s3 sync} of the prefix gives back the store as the server reads it.
 */
final class RemoteChunks {
    static final String PREFIX = ChunkStore.DIR + "/";
    static final String REFS_PREFIX = PREFIX + "refs/";

    private RemoteChunks() {
    }

    /**
     * One listing of {@code chunks/}: chunk file → size, backup id → its reference list object, and
     * whether the salt is there. Names that are not ours are ignored. Mutable: an upload round adds
     * what it sent, so one listing serves a whole round.
     */
    static final class Listing {
        final Map<String, Long> chunks = new TreeMap<>();
        final Map<String, StoredObject> refs = new TreeMap<>();
        boolean salt;
        int sentChunks;
        long sentBytes;

        static Listing of(List<StoredObject> objects) {
            Listing l = new Listing();
            for (StoredObject o : objects) {
                String file = chunkFile(o.name());
                String id = refsId(o.name());
                if (file != null) {
                    l.chunks.put(file, o.size());
                } else if (id != null) {
                    l.refs.put(id, o);
                } else if (o.name().equals(ChunkStore.SALT_RELATIVE)) {
                    l.salt = true;
                }
            }
            return l;
        }
    }

    /** The chunk file an object name holds ({@code chunks/ab/ab…}), or null for any other name. */
    static String chunkFile(String name) {
        if (name == null || !name.startsWith(PREFIX) || name.length() < PREFIX.length() + 3) {
            return null;
        }
        String rest = name.substring(PREFIX.length());
        String file = rest.substring(3);
        return rest.charAt(2) == '/' && ChunkName.valid(file) && file.startsWith(rest.substring(0, 2)) ? file : null;
    }

    /** The backup id whose reference list an object name is, or null. */
    static String refsId(String name) {
        if (name == null || !name.startsWith(REFS_PREFIX) || !name.endsWith(".refs")) {
            return null;
        }
        String id = name.substring(REFS_PREFIX.length(), name.length() - ".refs".length());
        return BackupId.isValid(id) ? id : null;
    }

    /**
     * The chunks of {@code needed} to send: those the bucket lacks, or holds at another size than
     * the local file (a damaged or foreign object under our name); in {@code needed}'s order.
     */
    static List<String> toUpload(Collection<String> needed, Map<String, Long> localSizes, Map<String, Long> remote) {
        List<String> out = new ArrayList<>();
        for (String file : needed) {
            Long there = remote.get(file);
            if (there == null || !there.equals(localSizes.get(file))) {
                out.add(file);
            }
        }
        return out;
    }

    /**
     * What a mirrored collection does with the chunks a local collection removed: delete those in
     * the bucket that no reference list in the bucket names; keep those a backup there still needs
     * (one this machine never had, or whose deletion is not mirrored yet); forget those already gone.
     */
    record Sweep(List<String> delete, List<String> kept, List<String> absent) {
    }

    static Sweep sweep(Collection<String> candidates, Map<String, Long> remote, Map<String, Set<String>> remoteRefs) {
        Set<String> referenced = referenced(remoteRefs);
        List<String> delete = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (String file : candidates) {
            if (referenced.contains(file)) {
                kept.add(file);
            } else if (remote.containsKey(file)) {
                delete.add(file);
            } else {
                absent.add(file);
            }
        }
        return new Sweep(delete, kept, absent);
    }

    /**
     * Chunks in the bucket that no reference list there names and no local backup needs (an
     * upload of it may be on its way): what {@code backup offsite sync} reports, file → size.
     */
    static Map<String, Long> extra(Map<String, Long> remote, Map<String, Set<String>> remoteRefs, Set<String> localNeeds) {
        Set<String> referenced = referenced(remoteRefs);
        Map<String, Long> out = new TreeMap<>();
        remote.forEach((file, size) -> {
            if (!referenced.contains(file) && !localNeeds.contains(file)) {
                out.put(file, size);
            }
        });
        return out;
    }

    private static Set<String> referenced(Map<String, Set<String>> refs) {
        Set<String> all = new java.util.HashSet<>();
        refs.values().forEach(all::addAll);
        return all;
    }
}
