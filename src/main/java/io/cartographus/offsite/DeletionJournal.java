package io.cartographus.offsite;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.Permissions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletions still to be mirrored off-site ({@code BACKUP_DIR/offsite-deletions.json}: backup id →
 * object names). An entry is written before the remote delete is queued and removed once it is done,
 * so a deletion survives an outage or a stop and {@code backup offsite sync} finishes it. This is what
 * lets sync tell "deleted here" from "never here" (a fresh machine restored from the bucket), and only
 * the first is deleted in the bucket by default.
 *
 * <p>A second journal, {@code BACKUP_DIR/offsite-chunk-deletions.json}, holds under one key the
 * chunk files local collections removed and the bucket may still hold ({@link #merge}).
 */
final class DeletionJournal {
    static final String FILE = "offsite-deletions.json";
    static final String CHUNKS_FILE = "offsite-chunk-deletions.json";
    private static final Logger log = LoggerFactory.getLogger(DeletionJournal.class);
    private static final TypeReference<TreeMap<String, List<String>>> TYPE = new TypeReference<>() {
    };

    private final Path file;
    private final ObjectMapper json;

    DeletionJournal(Path backupDir, ObjectMapper json) {
        this(backupDir, json, FILE);
    }

    DeletionJournal(Path backupDir, ObjectMapper json, String fileName) {
        this.file = backupDir.resolve(fileName);
        this.json = json;
    }

    /** Adds names to those already under {@code key}. */
    synchronized void merge(String key, List<String> names) {
        TreeMap<String, List<String>> all = read();
        java.util.LinkedHashSet<String> merged = new java.util.LinkedHashSet<>(all.getOrDefault(key, List.of()));
        merged.addAll(names);
        all.put(key, List.copyOf(merged));
        write(all);
    }

    /** Removes names from those under {@code key} (and the key once none is left). */
    synchronized void removeNames(String key, java.util.Collection<String> names) {
        TreeMap<String, List<String>> all = read();
        List<String> now = all.get(key);
        if (now == null) {
            return;
        }
        java.util.Set<String> gone = new java.util.HashSet<>(names);
        List<String> left = now.stream().filter(n -> !gone.contains(n)).toList();
        if (left.isEmpty()) {
            all.remove(key);
        } else {
            all.put(key, left);
        }
        write(all);
    }

    synchronized void add(String id, List<String> names) {
        TreeMap<String, List<String>> all = read();
        all.put(id, List.copyOf(names));
        write(all);
    }

    synchronized void remove(String id) {
        TreeMap<String, List<String>> all = read();
        if (all.remove(id) != null) {
            write(all);
        }
    }

    synchronized Map<String, List<String>> all() {
        return read();
    }

    private TreeMap<String, List<String>> read() {
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        try {
            TreeMap<String, List<String>> m = json.readValue(file.toFile(), TYPE);
            return m == null ? new TreeMap<>() : m;
        } catch (IOException e) {
            // Losing this list only means a copy stays in the bucket longer; never block deletions on it.
            log.warn("off-site: {} is unreadable ({}); starting a new list", file, e.getMessage());
            return new TreeMap<>();
        }
    }

    private void write(TreeMap<String, List<String>> all) {
        try {
            if (all.isEmpty()) {
                Files.deleteIfExists(file);
            } else {
                AtomicFile.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(all), Permissions.FILE);
            }
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
