package io.cartographus.offsite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One backup as the bucket holds it: its archive, {@code .sha256} and {@code .json} objects, each
 * null when missing. The sidecar is uploaded last, so a backup without it is an unfinished upload.
 */
public record RemoteBackup(String id, StoredObject archive, StoredObject checksum, StoredObject record) {
    private static final List<String> ARCHIVE_SUFFIXES = io.cartographus.catalog.BackupFiles.EXTENSIONS;

    /** All three objects are there. */
    public boolean complete() {
        return archive != null && checksum != null && record != null;
    }

    /** The names of the objects that exist, sidecar first (deleting in this order never leaves a "complete" half). */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (StoredObject o : new StoredObject[] {record, archive, checksum}) {
            if (o != null) {
                out.add(o.name());
            }
        }
        return out;
    }

    public static String checksumName(String id) {
        return "backup-" + id + ".sha256";
    }

    public static String recordName(String id) {
        return "backup-" + id + ".json";
    }

    /** Whether {@code fileName} is an archive name of backup {@code id} (the only names we ever accept from a sidecar). */
    public static boolean isArchiveName(String id, String fileName) {
        return io.cartographus.catalog.BackupFiles.isArchiveName(id, fileName);
    }

    /** Groups a listing by backup id, newest first; names that are not ours are ignored. */
    public static List<RemoteBackup> group(List<StoredObject> objects) {
        Map<String, StoredObject[]> byId = new LinkedHashMap<>();
        for (StoredObject o : objects) {
            String n = o.name();
            if (!n.startsWith("backup-")) {
                continue;
            }
            String suffix = n.endsWith(".json") ? ".json" : n.endsWith(".sha256") ? ".sha256"
                    : ARCHIVE_SUFFIXES.stream().filter(n::endsWith).findFirst().orElse(null);
            if (suffix == null) {
                continue;
            }
            String id = n.substring("backup-".length(), n.length() - suffix.length());
            if (!io.cartographus.catalog.BackupId.isValid(id)) {
                continue;
            }
            StoredObject[] slots = byId.computeIfAbsent(id, k -> new StoredObject[3]);
            slots[suffix.equals(".json") ? 2 : suffix.equals(".sha256") ? 1 : 0] = o;
        }
        List<RemoteBackup> out = new ArrayList<>();
        byId.forEach((id, s) -> out.add(new RemoteBackup(id, s[0], s[1], s[2])));
        out.sort(Comparator.comparing(RemoteBackup::id, RemoteBackup::newestFirst));
        return out;
    }

    /** Ids sort by their UTC timestamp; "-2", "-3"… of the same second after the first. */
    private static int newestFirst(String a, String b) {
        int byStamp = b.substring(0, 15).compareTo(a.substring(0, 15));
        if (byStamp != 0) {
            return byStamp;
        }
        return Integer.compare(sequence(b), sequence(a)) != 0 ? Integer.compare(sequence(b), sequence(a)) : b.compareTo(a);
    }

    private static int sequence(String id) {
        int dash = id.lastIndexOf('-');
        String tail = id.substring(dash + 1);
        return tail.chars().allMatch(Character::isDigit) ? Integer.parseInt(tail) : 1;
    }
}
