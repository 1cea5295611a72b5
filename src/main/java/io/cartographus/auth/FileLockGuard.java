package io.cartographus.auth;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.fs.Permissions;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Serialises read-modify-write of tokens.json between processes (the server and a CLI creating a token
 * offline). The lock is taken on a separate, never-deleted {@code tokens.json.lock}: tokens.json itself
 * is replaced by rename on every write, so a lock on it would guard a file that no longer has the name.
 * Without it a revocation could be undone by a concurrent create that wrote back the list it read earlier.
 */
final class FileLockGuard {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 10;

    private final Path lockFile;

    FileLockGuard(Path lockFile) {
        this.lockFile = lockFile;
    }

    <T> T locked(Supplier<T> action) {
        try {
            Files.createDirectories(lockFile.getParent());
            boolean created = !Files.exists(lockFile);
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                if (created) {
                    Permissions.set(lockFile, Permissions.SECRET);
                }
                try (FileLock ignored = acquire(channel)) {
                    return action.get();
                }
            }
        } catch (IOException e) {
            throw new BackupException(ErrorKind.INTERNAL, "cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Polls rather than blocks: a blocking lock would wait forever on a hung process, and within one JVM
     * a second channel gets OverlappingFileLockException instead of waiting (two TokenStores on one file).
     */
    private FileLock acquire(FileChannel channel) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException e) {
                // Held by another TokenStore in this JVM: wait like for another process.
            }
            if (System.nanoTime() - deadline > 0) {
                throw new BackupException(ErrorKind.BUSY, "another process has held " + lockFile + " for over "
                        + WAIT.toSeconds() + " s", "retry; if it persists, look for a hung cartographus process", null);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackupException(ErrorKind.BUSY, "interrupted while waiting for " + lockFile, e);
            }
        }
    }
}
