package io.cartographus.fs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Crash-safe file writes: the content goes to a hidden temporary name in the same directory,
 * is fsynced, renamed over the final name, and the directory is fsynced. A crash leaves either
 * the old file or the new one, plus at worst a leftover temporary that {@link TempFiles} removes.
 */
public final class AtomicFile {
    /** Prefix of every temporary file and directory we create, so that start-up clean-up can find them. */
    public static final String TEMP_PREFIX = ".tmp-";
    /**
     * Suffix of every file being written, and of work directories and what they hold: the guide's
     * {@code aws s3 sync … --exclude "*.tmp"} then copies only finished files.
     */
    public static final String TEMP_SUFFIX = ".tmp";

    private AtomicFile() {
    }

    /** Writes the bytes to {@code target} atomically with the given permissions (null: default). */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        try (Writing w = begin(target, permissions)) {
            w.stream().write(content);
            w.commit();
        }
    }

    public static void writeString(Path target, String content, Set<PosixFilePermission> permissions) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8), permissions);
    }

    /**
     * Starts a streamed atomic write. Write to {@link Writing#stream()}, then {@link Writing#commit()};
     * closing without commit deletes the temporary file.
     */
    public static Writing begin(Path target, Set<PosixFilePermission> permissions) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = TempFiles.createFile(dir, target.getFileName().toString());
        if (permissions != null) {
            Permissions.set(tmp, permissions);
        }
        return new Writing(target, tmp);
    }

    /** fsyncs a directory so that a rename inside it survives a power loss. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some filesystems refuse to open directories for sync; the rename is still atomic there.
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    /** Renames {@code from} over {@code to} atomically and fsyncs the target directory. */
    public static void rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically (different filesystems?)", e);
        }
        syncDirectory(to.toAbsolutePath().getParent());
    }

    /** A write in progress; see {@link #begin}. */
    public static final class Writing implements AutoCloseable {
        private final Path target;
        private final Path tmp;
        private final FileChannel channel;
        private final WriteBehind stream;
        private boolean committed;

        private Writing(Path target, Path tmp) throws IOException {
            this.target = target;
            this.tmp = tmp;
            this.channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            this.stream = new WriteBehind(channel, WriteBehind.DEFAULT_INTERVAL);
        }

        /** The stream to write to. Closing it is harmless; commit still works. */
        public OutputStream stream() {
            return new KeepOpenOutputStream(stream);
        }

        public Path temporaryPath() {
            return tmp;
        }

        /** fsyncs the content, renames it into place and fsyncs the directory. */
        public void commit() throws IOException {
            stream.sync();
            channel.close();
            rename(tmp, target);
            committed = true;
        }

        @Override
        public void close() throws IOException {
            stream.close();
            if (channel.isOpen()) {
                channel.close();
            }
            if (!committed) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
