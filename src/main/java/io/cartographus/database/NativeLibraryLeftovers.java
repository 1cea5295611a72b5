package io.cartographus.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The copies of DuckDB's native library that killed processes left in the temporary directory.
 *
 * <p>DuckDB's JDBC driver unpacks its ~70 MB library to {@code java.io.tmpdir/libduckdb_java<n>.so}
 * each time a JVM loads it, and deletes the copy only when that JVM exits cleanly. A server killed
 * by {@code kill -9}, the OOM killer or a power cut leaves its copy behind: in a container that
 * restarts in place, 70 MB more of its writable layer per crash, until the disk is full. Start-up
 * removes copies older than {@link #MIN_AGE}. A younger one may be one that another JVM has just
 * unpacked and not yet loaded; an older one is either a leftover or loaded by a running JVM, which
 * keeps its mapping when the name goes (the space returns when that JVM ends).
 */
public final class NativeLibraryLeftovers {
    static final Pattern NAME = Pattern.compile("libduckdb_java\\d+\\.so");
    /** Unpacking and loading take seconds; ten minutes leaves room for a machine under load. */
    static final Duration MIN_AGE = Duration.ofMinutes(10);

    private NativeLibraryLeftovers() {
    }

    /** What was removed: the files and their bytes. */
    public record Removed(List<Path> files, long bytes) {
    }

    /** Whether a regular file named {@code name}, last modified at {@code modified}, is one to remove. */
    static boolean isLeftover(String name, Instant modified, Instant now) {
        return NAME.matcher(name).matches() && !modified.isAfter(now.minus(MIN_AGE));
    }

    /**
     * Removes the leftovers in {@code tmpDir} (not following links, regular files only). A file we may
     * not delete (another user's, in a shared {@code /tmp}) or one that goes meanwhile is skipped:
     * this is housekeeping, never a reason not to start.
     */
    public static Removed remove(Path tmpDir, Clock clock) {
        List<Path> files = new ArrayList<>();
        long bytes = 0;
        Instant now = clock.instant();
        try (Stream<Path> entries = Files.list(tmpDir)) {
            for (Path p : entries.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).toList()) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile() && isLeftover(p.getFileName().toString(), a.lastModifiedTime().toInstant(), now)) {
                        Files.delete(p);
                        files.add(p);
                        bytes += a.size();
                    }
                } catch (NoSuchFileException gone) {
                    // Its JVM ended and deleted it.
                } catch (IOException notOurs) {
                    // Skipped, as the contract says.
                }
            }
        } catch (IOException unreadable) {
            // No listing, nothing removed.
        }
        return new Removed(List.copyOf(files), bytes);
    }
}
