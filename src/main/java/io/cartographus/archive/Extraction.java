package io.cartographus.archive;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.AtomicFile;
import io.cartographus.fs.Permissions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the entries of one archive under an empty directory, and nowhere else. Names have been
 * checked by the scan already; this class checks again where it matters, on the resolved path:
 * it must stay under the directory, no parent may be a symbolic link, and files are created with
 * CREATE_NEW (which never follows a link and never overwrites). Each file is fsynced, and the
 * directories when all is written. On failure {@link #rollback} removes everything it created.
 */
final class Extraction {
    private static final int BUFFER = 256 * 1024;

    private final Path root;
    private final List<Path> created = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);

    Extraction(Path targetDir) {
        try {
            if (!Files.isDirectory(targetDir, LinkOption.NOFOLLOW_LINKS)) {
                throw new BackupException(ErrorKind.INTERNAL,
                        "extracting an archive: " + targetDir + " is not an existing directory (or is a symbolic link)");
            }
            try (Stream<Path> entries = Files.list(targetDir)) {
                if (entries.findAny().isPresent()) {
                    throw new BackupException(ErrorKind.INTERNAL,
                            "extracting an archive: the target directory " + targetDir + " is not empty");
                }
            }
            this.root = targetDir.toRealPath();
        } catch (IOException e) {
            throw IoFailures.reading("extracting an archive: checking the target directory " + targetDir, e);
        }
        directories.add(root);
    }

    void directory(String path) {
        try {
            ensureDirectory(resolve(path));
        } catch (IOException e) {
            throw IoFailures.writing("extracting directory " + EntryNames.quote(path) + " under " + root, e);
        }
    }

    void file(String name, long size, InputStream content) {
        Path target = resolve(name);
        try {
            ensureDirectory(target.getParent());
            try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                created.add(target);
                Permissions.set(target, Permissions.FILE);
                byte[] array = buffer.array();
                int n;
                while ((n = content.read(array, 0, array.length)) >= 0) {
                    buffer.clear().limit(n);
                    while (buffer.hasRemaining()) {
                        ch.write(buffer);
                    }
                }
                ch.force(true);
            }
        } catch (IOException e) {
            throw IoFailures.writing("extracting archive entry " + EntryNames.quote(name) + " to " + target, e);
        }
    }

    /** fsyncs every directory we created or filled, so the extracted names survive a power loss. */
    void sync() {
        try {
            for (Path dir : directories) {
                AtomicFile.syncDirectory(dir);
            }
        } catch (IOException e) {
            throw IoFailures.writing("extracting an archive: syncing directories under " + root, e);
        }
    }

    /** Removes what this extraction created, newest first; failures are attached to {@code cause}. */
    void rollback(Throwable cause) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
        created.clear();
    }

    private Path resolve(String name) {
        Path p = root.resolve(name).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new BackupException(ErrorKind.CORRUPT_ARCHIVE,
                    "archive entry " + EntryNames.quote(name) + " would be written outside " + root);
        }
        return p;
    }

    /** Creates {@code dir} and its missing parents below the root, refusing links and files on the way. */
    private void ensureDirectory(Path dir) throws IOException {
        Path current = root;
        for (Path part : root.relativize(dir)) {
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                throw new BackupException(ErrorKind.CORRUPT_ARCHIVE,
                        "extracting an archive: " + current + " is a symbolic link; refusing to write through it");
            }
            if (Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                    throw new BackupException(ErrorKind.CORRUPT_ARCHIVE,
                            "extracting an archive: " + current + " exists and is not a directory");
                }
                continue;
            }
            Files.createDirectory(current);
            created.add(current);
            directories.add(current);
            Permissions.set(current, Permissions.DIRECTORY);
        }
    }
}
