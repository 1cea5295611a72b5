package io.cartographus.restore;

import io.cartographus.backup.Manifest;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.database.Database;
import io.cartographus.database.TableStats;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.validate.Inspection;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * docs/design.md §6 steps 4 and 5: the checked database file replaces the live one by rename under a
 * {@link RestoreJournal}, is reopened in-process and verified against the manifest; when that fails
 * the previous file is put back and reopened. The caller holds the operation lock and has paused
 * services.
 */
final class DatabaseSwap {
    record Result(boolean ok, long records, List<String> warnings, List<String> errors) {
    }

    private final Database database;
    private final CrashPoints crash;

    DatabaseSwap(Database database, CrashPoints crash) {
        this.database = database;
        this.crash = crash;
    }

    /**
     * @param keepAs file name under which to keep the previous database once the swap is done, or
     *     null to delete it (a pre-restore backup holds it, or it held no data)
     */
    Result run(BackupRecord r, Inspection ins, boolean verify, String keepAs) {
        Path live = database.file();
        RestoreJournal journal = new RestoreJournal(live);
        try {
            fsync(ins.databaseFile());
            Files.move(ins.databaseFile(), journal.incoming(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "cannot place the restored database next to " + live + ": " + e.getMessage(), e);
        }
        try {
            return database.exclusive("restore of " + r.id() + " in progress", () -> swap(r, ins, verify, keepAs, journal));
        } finally {
            try {
                // Left only when the swap never started (calls in flight did not drain): not needed any more.
                Files.deleteIfExists(journal.incoming());
            } catch (IOException e) {
                // Removed at the next start by RestoreJournal.recover.
            }
        }
    }

    private Result swap(BackupRecord r, Inspection ins, boolean verify, String keepAs, RestoreJournal journal) {
        List<String> warnings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try {
            journal.begin(keepAs);
            crash.reached(CrashPoints.JOURNAL_WRITTEN);
            boolean hadLive = journal.moveLiveAside();
            crash.reached(CrashPoints.LIVE_RENAMED_ASIDE);
            journal.moveIncomingIn();
            crash.reached(CrashPoints.NEW_RENAMED_IN);
            String problem = reopenAndCheck(ins, verify);
            if (problem != null) {
                errors.add("the restored database failed verification: " + problem);
                database.closeForFiles();
                journal.rollBack(hadLive);
                errors.add("rolled back: the previous database is in place again");
                reopenPrevious(hadLive, warnings);
                return new Result(false, 0, warnings, errors);
            }
            crash.reached(CrashPoints.VERIFIED);
            journal.markDone();
            crash.reached(CrashPoints.DONE);
        } catch (IOException e) {
            // Never move files under an open database: close it, let the journal repair, and let
            // Database.exclusive reopen whichever file is in place.
            database.closeForFiles();
            String what = journal.recover();
            throw new BackupException(ErrorKind.STORAGE_UNAVAILABLE, "restore of " + r.id() + " failed while swapping files: "
                    + e.getMessage() + " (" + what + ")", e);
        }
        // Done: the new database is in place and verified; what follows is bookkeeping.
        long records = 0;
        try {
            records = database.read(DatabaseSwap::countEvents);
        } catch (BackupException e) {
            warnings.add("could not count the restored playback events: " + e.getMessage());
        }
        try {
            Path kept = journal.finish();
            if (kept != null) {
                warnings.add("no pre-restore backup was taken: the previous database file is kept as " + kept);
            }
        } catch (IOException e) {
            warnings.add("the restore is complete, but cleaning up the previous database file failed (" + e.getMessage()
                    + "); it is finished at the next start");
        }
        return new Result(true, records, warnings, errors);
    }

    /** Reopens the swapped-in file and, when asked, checks every table against the manifest; returns the problem or null. */
    private String reopenAndCheck(Inspection ins, boolean verify) {
        try {
            database.reopen();
        } catch (BackupException e) {
            return e.getMessage();
        }
        if (!verify || ins.manifest() == null) {
            return null;
        }
        Map<String, TableStats> actual;
        try {
            actual = database.read(TableStats::compute);
        } catch (BackupException e) {
            // A scan that fails (a bad block) is a failed verification, not a reason to keep the file.
            return "scanning the tables failed: " + e.getMessage();
        }
        for (Map.Entry<String, Manifest.TableEntry> e : ins.manifest().tables().entrySet()) {
            TableStats a = actual.get(e.getKey());
            if (a == null || a.rows() != e.getValue().rows() || !a.fingerprint().equals(e.getValue().fingerprint())) {
                return "table " + e.getKey() + " does not match the manifest"
                        + (a == null ? " (missing)" : " (" + a.rows() + " rows, manifest " + e.getValue().rows() + ")");
            }
        }
        return null;
    }

    private void reopenPrevious(boolean hadLive, List<String> warnings) {
        try {
            database.reopen();
        } catch (BackupException e) {
            // The previous file may be the corrupt one this restore was meant to replace.
            warnings.add((hadLive ? "the previous database does not open either: " : "no database is open: ") + e.getMessage());
        }
    }

    private static long countEvents(java.sql.Connection c) throws java.sql.SQLException {
        try (var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM playback_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
