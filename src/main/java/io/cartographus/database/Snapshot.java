package io.cartographus.database;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consistent copy point of the live database: the main file as of a checkpoint, plus a read
 * transaction pinned at that same commit point for row counts and fingerprints.
 *
 * <p>Why this method (measured with DuckDB 2.0 here, see docs/design.md §4): between
 * checkpoints DuckDB does not touch the blocks the last checkpoint references, so the main file
 * copied after a checkpoint, with automatic checkpoints held off, is consistent as of that
 * checkpoint (8 of 8 runs under load), while copying the WAL too is not (0 of 5). Writers keep
 * running during the copy. To keep the writer stall short, the first CHECKPOINT flushes the bulk of
 * the WAL without our gate (DuckDB itself pauses commits while it runs); the second, inside the gate,
 * only has the last few commits to flush (tens of milliseconds) and fixes the commit point that the
 * pinned read transaction sees. {@code ATTACH … COPY FROM DATABASE} never blocks writers but took
 * 20–30 s and a full temporary copy per GB; it is the fallback if this method ever proves unsafe.
 */
public final class Snapshot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Snapshot.class);
    /** Effectively "never" while the copy runs; RESET restores DuckDB's default afterwards. */
    private static final String NO_AUTO_CHECKPOINT = "SET checkpoint_threshold = '1000GB'";

    private final Path file;
    private final long length;
    private final Connection pinned;
    private final Connection control;
    private final Duration writersHeld;
    private final Runnable release;

    private Snapshot(Path file, long length, Connection pinned, Connection control, Duration writersHeld, Runnable release) {
        this.file = file;
        this.length = length;
        this.pinned = pinned;
        this.control = control;
        this.writersHeld = writersHeld;
        this.release = release;
    }

    static Snapshot take(DuckDBConnection root, Path file, ReentrantReadWriteLock writerGate, Duration maxWriterWait,
                         Runnable release) {
        Connection control = null;
        Connection pinned = null;
        try {
            control = root.duplicate();
            try (Statement s = control.createStatement()) {
                s.execute(NO_AUTO_CHECKPOINT);
            }
            Checkpoint.run(control, Duration.ofSeconds(60));
            long held;
            long length;
            if (!writerGate.writeLock().tryLock(maxWriterWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new BackupException(ErrorKind.BUSY,
                        "a write transaction did not finish within " + maxWriterWait.toSeconds() + " s; cannot take a snapshot");
            }
            long t0 = System.nanoTime();
            try {
                Checkpoint.run(control, Duration.ofSeconds(10));
                length = Files.size(file);
                pinned = root.duplicate();
                pinned.setAutoCommit(false);
                try (Statement s = pinned.createStatement()) {
                    // The first statement starts the transaction; its snapshot is the commit point.
                    s.executeQuery("SELECT count(*) FROM schema_version").close();
                }
            } finally {
                held = System.nanoTime() - t0;
                writerGate.writeLock().unlock();
            }
            return new Snapshot(file, length, pinned, control, Duration.ofNanos(held), release);
        } catch (SQLException | java.io.IOException e) {
            closeQuietly(pinned);
            resetAndClose(control);
            release.run();
            throw new BackupException(ErrorKind.INTERNAL, "cannot take a snapshot of " + file + ": "
                    + Database.firstLine(e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(pinned);
            resetAndClose(control);
            release.run();
            throw new BackupException(ErrorKind.INTERNAL, "interrupted while taking a snapshot", e);
        } catch (RuntimeException e) {
            closeQuietly(pinned);
            resetAndClose(control);
            release.run();
            throw e;
        }
    }

    /** The live database file; copy exactly {@link #length()} bytes of it. */
    public Path file() {
        return file;
    }

    public long length() {
        return length;
    }

    /** How long writers were held back by the snapshot's final checkpoint. */
    public Duration writersHeld() {
        return writersHeld;
    }

    /** Row counts and fingerprints as of the snapshot's commit point. */
    public Map<String, TableStats> tableStats() {
        try {
            return TableStats.compute(pinned);
        } catch (SQLException e) {
            throw new BackupException(ErrorKind.INTERNAL, "cannot count the snapshot's rows: " + Database.firstLine(e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        try {
            closeQuietly(pinned);
            resetAndClose(control);
        } finally {
            release.run();
        }
    }

    private static void resetAndClose(Connection control) {
        if (control == null) {
            return;
        }
        try (Statement s = control.createStatement()) {
            s.execute("RESET checkpoint_threshold");
        } catch (SQLException e) {
            log.warn("could not reset checkpoint_threshold: {}", Database.firstLine(e.getMessage()));
        }
        closeQuietly(control);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            c.close();
        } catch (SQLException e) {
            log.debug("closing snapshot connection", e);
        }
    }
}
