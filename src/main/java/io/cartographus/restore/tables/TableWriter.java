package io.cartographus.restore.tables;

import io.cartographus.diff.BackupDiff;
import io.cartographus.diff.TableShape;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes of one table restore, inside the caller's transaction, and the check after them: every
 * key of the backup is present live, with the backup's values wherever this restore wrote the row.
 */
final class TableWriter {
    record Written(Map<String, Long> rows) {
    }

    /** Thrown inside the transaction so that it rolls back. */
    static final class VerificationFailed extends RuntimeException {
        VerificationFailed(String message) {
            super(message);
        }
    }

    private final Connection c;
    private final String alias;

    TableWriter(Connection c, String alias) {
        this.c = c;
        this.alias = alias;
    }

    /** @param tables parents first */
    Written write(List<String> tables, TableRequest.Mode mode, boolean verify) throws SQLException {
        Map<String, TableShape> live = TableShape.read(c, null);
        Map<String, TableShape> backup = TableShape.read(c, alias);
        Map<String, Long> changedBefore = new LinkedHashMap<>();
        if (mode == TableRequest.Mode.REPLACE) {
            // Children first, so that no moment inside the transaction has events without their user.
            for (int i = tables.size() - 1; i >= 0; i--) {
                execute("DELETE FROM " + TableShape.quoted(tables.get(i)));
            }
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String t : tables) {
            BackupDiff.Sql q = new BackupDiff.Sql(alias, live.get(t), backup.get(t));
            if (mode == TableRequest.Mode.MERGE) {
                changedBefore.put(t, count(q.changedCount()));
            }
            String select = "SELECT " + q.columnList() + " FROM " + q.backupTable() + " b";
            if (mode == TableRequest.Mode.MERGE) {
                select += " WHERE NOT EXISTS (SELECT 1 FROM " + q.liveTable() + " l WHERE " + q.keysEqual() + ")";
            }
            rows.put(t, execute("INSERT INTO " + q.liveTable() + " (" + q.columnList() + ") " + select));
        }
        if (verify) {
            for (String t : tables) {
                verify(new BackupDiff.Sql(alias, live.get(t), backup.get(t)), mode, changedBefore.getOrDefault(t, 0L));
            }
        }
        return new Written(rows);
    }

    private void verify(BackupDiff.Sql q, TableRequest.Mode mode, long changedBefore) throws SQLException {
        String t = q.live().name();
        long missing = count("SELECT count(*) FROM " + q.backupTable() + " b WHERE NOT EXISTS (SELECT 1 FROM " + q.liveTable()
                + " l WHERE " + q.keysEqual() + ")");
        if (missing > 0) {
            throw new VerificationFailed(missing + " keys of " + t + " in the backup are not in the live table");
        }
        long changed = count(q.changedCount());
        // Merge leaves existing rows alone, so the rows that differed before still differ, and no other.
        long expected = mode == TableRequest.Mode.MERGE ? changedBefore : 0;
        if (changed != expected) {
            throw new VerificationFailed(t + ": " + changed + " rows differ from the backup, expected " + expected);
        }
        if (mode == TableRequest.Mode.REPLACE) {
            long liveRows = count("SELECT count(*) FROM " + q.liveTable());
            long backupRows = count("SELECT count(*) FROM " + q.backupTable());
            if (liveRows != backupRows) {
                throw new VerificationFailed(t + " has " + liveRows + " rows after the restore, the backup " + backupRows);
            }
        }
    }

    private long execute(String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeLargeUpdate(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (Statement s = c.createStatement(); var r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
