package io.cartographus.database;

import io.cartographus.config.DuckDbConfig;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the live DuckDB file. DuckDB allows one writing process per file, so every part of the
 * program reaches the data through this object, on a connection duplicated for one call and closed
 * after it: nothing keeps a long-lived connection that a restore would have to chase.
 *
 * <p>Two locks shape the concurrency. The lifecycle lock is held shared by every call and exclusively
 * while the file is closed, swapped and reopened; calls that arrive meanwhile fail fast with
 * {@link ErrorKind#UNAVAILABLE} instead of queueing behind a restore. The writer gate is held shared
 * by writers and exclusively by the snapshot for the few milliseconds of its final checkpoint.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final Path file;
    private final Path scratch;
    private final DuckDbConfig limits;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock(true);
    private final ReentrantReadWriteLock writerGate = new ReentrantReadWriteLock(true);
    private final Attachment attachment = new Attachment();
    private volatile DuckDBConnection root;
    private volatile String unavailableReason = "not opened yet";

    public Database(Path file) {
        this(file, DuckDbConfig.defaultsHere());
    }

    /** @param limits DUCKDB_MEMORY_LIMIT and DUCKDB_THREADS, applied when the file is opened */
    public Database(Path file, DuckDbConfig limits) {
        this.limits = limits;
        this.file = file.toAbsolutePath().normalize();
        this.scratch = this.file.resolveSibling(".scratch");
    }

    public Path file() {
        return file;
    }

    /**
     * The directory, next to the file, where a backup is unpacked to be attached ({@link #readAttached},
     * {@link #writeAttached}): the only place SQL of the live instance may read files ({@link Lockdown}).
     * It holds only temporary directories, removed at start-up if a process died with one.
     */
    public Path scratchDirectory() {
        return scratch;
    }

    /** The write-ahead log DuckDB keeps next to the database file. */
    public Path walFile() {
        return file.resolveSibling(file.getFileName() + ".wal");
    }

    /** Opens the file (creating it and the schema on first start). Failure leaves the database unavailable. */
    public void open() {
        lifecycle.writeLock().lock();
        try {
            openLocked();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void openLocked() {
        if (root != null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file, Lockdown.live(scratch, limits));
            try {
                Schema.apply(c);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            root = c;
            unavailableReason = null;
        } catch (SQLException | java.io.IOException e) {
            unavailableReason = "cannot open " + file + ": " + firstLine(e.getMessage());
            throw new BackupException(ErrorKind.UNAVAILABLE, unavailableReason,
                    "restore a backup (cartographus backup restore latest) or fix the file", e);
        }
    }

    public boolean isOpen() {
        return root != null && unavailableReason == null;
    }

    /** Why the database cannot serve right now, or null when it can. */
    public String unavailableReason() {
        return unavailableReason;
    }

    /** Runs read-only work on a fresh connection. */
    public <T> T read(SqlWork<T> work) {
        enter();
        try (Connection c = root.duplicate()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new BackupException(ErrorKind.INTERNAL, "database query failed: " + firstLine(e.getMessage()), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Runs work in one transaction that commits when it returns and rolls back when it throws. */
    public <T> T write(SqlWork<T> work) {
        enter();
        try {
            lockWriterGate();
            try (Connection c = root.duplicate()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                }
            } catch (SQLException e) {
                throw new BackupException(ErrorKind.INTERNAL, "database write failed: " + firstLine(e.getMessage()), e);
            } finally {
                writerGate.readLock().unlock();
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Runs read-only work with {@code other} (a database file that is not the live one) attached
     * read-only; nothing in the live database changes.
     */
    public <T> T readAttached(Path other, AttachedWork<T> work) {
        return read(c -> {
            String alias = attachment.attach(c, other);
            try {
                return work.run(c, alias);
            } finally {
                Attachment.detach(c, alias);
            }
        });
    }

    /**
     * Runs work in one transaction on the live database with {@code other} attached read-only: it
     * commits when the work returns and rolls back when it throws, so readers see the state before
     * or after, never between. The attachment is made before the transaction begins (DuckDB does not
     * attach inside one) and removed after it ends.
     */
    public <T> T writeAttached(Path other, AttachedWork<T> work) {
        enter();
        try {
            lockWriterGate();
            try (Connection c = root.duplicate()) {
                String alias = attachment.attach(c, other);
                try {
                    c.setAutoCommit(false);
                    try {
                        T result = work.run(c, alias);
                        c.commit();
                        return result;
                    } catch (SQLException | RuntimeException e) {
                        rollbackQuietly(c);
                        throw e;
                    }
                } finally {
                    c.setAutoCommit(true);
                    Attachment.detach(c, alias);
                }
            } catch (SQLException e) {
                throw new BackupException(ErrorKind.INTERNAL, "database write failed: " + firstLine(e.getMessage()), e);
            } finally {
                writerGate.readLock().unlock();
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void lockWriterGate() {
        try {
            if (!writerGate.readLock().tryLock(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new BackupException(ErrorKind.BUSY, "writes are held by a backup snapshot for too long");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(ErrorKind.UNAVAILABLE, "interrupted while waiting to write", e);
        }
    }

    private void enter() {
        String reason = unavailableReason;
        if (reason != null && !lifecycle.isWriteLockedByCurrentThread()) {
            throw DatabaseUnavailableException.because(reason);
        }
        lifecycle.readLock().lock();
        if (root == null) {
            lifecycle.readLock().unlock();
            throw DatabaseUnavailableException.because(unavailableReason == null ? "closed" : unavailableReason);
        }
    }

    /** Flushes the WAL into the main file, retrying while another transaction blocks it. */
    public void checkpoint() {
        read(c -> {
            Checkpoint.run(c, Duration.ofSeconds(30));
            return null;
        });
    }

    /**
     * Takes a consistent snapshot of the main file: see {@link Snapshot}. Holds the lifecycle lock
     * shared until the snapshot is closed, so the file cannot be swapped underneath a copy.
     */
    public Snapshot snapshot(Duration maxWriterWait) {
        enter();
        boolean handedOver = false;
        try {
            Snapshot s = Snapshot.take(root, file, writerGate, maxWriterWait, () -> lifecycle.readLock().unlock());
            handedOver = true;
            return s;
        } finally {
            if (!handedOver) {
                lifecycle.readLock().unlock();
            }
        }
    }

    /**
     * Closes the database for work on its files (a restore), waits for calls in flight, and runs
     * {@code work}; calls from other threads meanwhile fail fast as unavailable, naming the reason.
     * Inside, the work may {@link #reopen()} and {@link #closeForFiles()} as it needs. Afterwards the
     * database is reopened if the work left it closed.
     */
    public <T> T exclusive(String reason, ExclusiveWork<T> work) {
        String previous = unavailableReason;
        unavailableReason = reason;
        boolean locked = false;
        try {
            locked = lifecycle.writeLock().tryLock(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!locked) {
                throw new BackupException(ErrorKind.BUSY, "calls in flight did not finish within " + DRAIN_TIMEOUT.toSeconds() + " s");
            }
            closeLocked();
            return work.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(ErrorKind.INTERNAL, "interrupted while closing the database", e);
        } finally {
            if (locked) {
                try {
                    if (root == null) {
                        try {
                            openLocked();
                        } catch (BackupException e) {
                            log.error("database stays unavailable after {}: {}", reason, e.getMessage());
                        }
                    } else {
                        unavailableReason = null;
                    }
                } finally {
                    lifecycle.writeLock().unlock();
                }
            } else {
                unavailableReason = previous;
            }
        }
    }

    /** Inside {@link #exclusive}: opens the (possibly swapped) file again. */
    public void reopen() {
        requireExclusive();
        openLocked();
        unavailableReason = null;
    }

    /** Inside {@link #exclusive}: closes the file again (checkpointing it), e.g. before a rollback. */
    public void closeForFiles() {
        requireExclusive();
        closeLocked();
    }

    private void requireExclusive() {
        if (!lifecycle.isWriteLockedByCurrentThread()) {
            throw new IllegalStateException("only inside Database.exclusive");
        }
    }

    private void closeLocked() {
        DuckDBConnection c = root;
        root = null;
        if (unavailableReason == null) {
            unavailableReason = "closed";
        }
        if (c == null) {
            return;
        }
        try (c; Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            log.warn("checkpoint before closing {} failed: {}", file, firstLine(e.getMessage()));
        }
    }

    /** Checkpoints and closes; waits for calls in flight. Used at shutdown. */
    @Override
    public void close() {
        unavailableReason = "shutting down";
        try {
            if (lifecycle.writeLock().tryLock(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    closeLocked();
                } finally {
                    lifecycle.writeLock().unlock();
                }
            } else {
                log.warn("calls still in flight after {} s; closing {} anyway", DRAIN_TIMEOUT.toSeconds(), file);
                closeLocked();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.debug("rollback failed", e);
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Work run while the database is closed for file operations. */
    @FunctionalInterface
    public interface ExclusiveWork<T> {
        T run();
    }
}
