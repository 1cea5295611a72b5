package io.cartographus.e2e;

import io.cartographus.fs.TempFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A class-data-sharing archive of the jar under test, made once per build and given to every JVM
 * the end-to-end tests start ({@code -XX:SharedArchiveFile}). The suite starts a few hundred JVMs
 * that live for seconds; with the classes a server loads already parsed and verified, a start to
 * a listening server costs ~2.3 s of CPU instead of ~3.3 s (measured on this 2-core machine). It
 * changes how fast classes load, never what the program does.
 *
 * <p>The archive is named after the jar's size and modification time (the JVM refuses an archive
 * of another jar, and would say so on stdout, where the CLI tests read), is made by a server run
 * that takes one backup, and appears by an atomic rename: the test JVMs that run side by side wait
 * on one lock file and make it once. {@code -Dit.cds=false} turns it off; if it cannot be made, the
 * tests run without it and one line says why.
 */
final class ClassArchive {
    /** The JVM's own messages about the archive go to stdout by default; never let one reach a test. */
    static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    /** Per test JVM, as the suite's one archive is per build: made (or found) on first use. */
    private static Optional<Path> made;

    private ClassArchive() {
    }

    /** The flags that use the archive of {@code jar}, making it first if needed; empty when off or unavailable. */
    static synchronized List<String> flags(Path jar, List<String> jvmFlags) {
        if (!Boolean.parseBoolean(System.getProperty("it.cds", "true"))) {
            return List.of();
        }
        if (made == null) {
            made = make(jar, jvmFlags);
        }
        if (made.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(QUIET);
        out.add("-XX:SharedArchiveFile=" + made.get());
        return out;
    }

    private static Optional<Path> make(Path jar, List<String> jvmFlags) {
        try {
            Path archive = jar.resolveSibling("it-classes-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis() + ".jsa");
            try (FileChannel lockFile = FileChannel.open(jar.resolveSibling("it-classes.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock lock = lockFile.lock()) {
                if (!Files.isRegularFile(archive)) {
                    dump(jar, jvmFlags, archive);
                }
            }
            return Optional.of(archive);
        } catch (IOException | RuntimeException e) {
            System.out.println("class-data archive not used: " + e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A server that starts, takes a full backup and stops cleanly: the JVM writes the archive on exit. */
    private static void dump(Path jar, List<String> jvmFlags, Path archive) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("it-classes");
        Path partial = archive.resolveSibling(archive.getFileName() + ".tmp");
        try {
            List<String> cmd = new ArrayList<>(List.of("java", "-Xmx512m"));
            cmd.addAll(jvmFlags);
            cmd.addAll(QUIET);
            cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + partial, "-jar", jar.toString(), "serve"));
            AppProcess app = new AppProcess(work.resolve("data")).withAdminToken();
            try (app) {
                app.startWith(cmd);
                AppProcess.Response r = app.post("/api/v1/backup/create", AppProcess.ADMIN, Map.of("type", "full"));
                if (r.status() != 200) {
                    throw new IllegalStateException("the archiving run's backup answered " + r.status() + ": " + r.text());
                }
            }
            if (!Files.isRegularFile(partial)) {
                throw new IllegalStateException("the JVM wrote no archive at " + partial);
            }
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
            TempFiles.deleteRecursively(work);
        }
    }
}
