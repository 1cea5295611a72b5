package io.cartographus.fs;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Temporary names and their start-up clean-up. A temporary is {@code .tmp-<what>-<random>.tmp}:
 * hidden, found by its prefix, and skipped by copy tools told to exclude {@code *.tmp}. Earlier
 * versions wrote {@code .tmp-<what>-<random>.part} files and {@code .tmp-<what>-<random>}
 * directories; the prefix finds those too.
 */
public final class TempFiles {
    private TempFiles() {
    }

    /** Creates an empty temporary file in {@code dir} for writing {@code what}. */
    public static Path createFile(Path dir, String what) throws IOException {
        return Files.createTempFile(dir, AtomicFile.TEMP_PREFIX + what + "-", AtomicFile.TEMP_SUFFIX);
    }

    /** Creates a temporary work directory in {@code dir}; name what goes in it with {@link #inWorkDirectory}. */
    public static Path createDirectory(Path dir, String what) throws IOException {
        // Files.createTempDirectory cannot take a suffix.
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve(AtomicFile.TEMP_PREFIX + what + "-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + AtomicFile.TEMP_SUFFIX);
            try {
                return Files.createDirectory(p);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** The path of {@code name} inside a work directory, ending in the temporary suffix as well. */
    public static Path inWorkDirectory(Path workDir, String name) {
        return workDir.resolve(name + AtomicFile.TEMP_SUFFIX);
    }

    /** Whether a directory entry is a temporary that start-up may remove (current and earlier names). */
    public static boolean isLeftover(String fileName) {
        return fileName.startsWith(AtomicFile.TEMP_PREFIX);
    }

    /** Deletes every entry of {@code dir} (not recursive into other entries) that {@link #isLeftover} names. */
    public static List<Path> removeLeftovers(Path dir) throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return removed;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.filter(p -> isLeftover(p.getFileName().toString())).toList()) {
                deleteRecursively(p);
                removed.add(p);
            }
        }
        return removed;
    }

    /**
     * Deletes a temporary (file or work directory) if it is there; a failure is returned, not thrown: the
     * temporary prefix leaves it to the start-up clean-up. Null when it is gone (or {@code path} is null).
     */
    public static IOException deleteQuietly(Path path) {
        if (path == null) {
            return null;
        }
        try {
            deleteRecursively(path);
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
