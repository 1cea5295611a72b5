package io.cartographus.diff;

import io.cartographus.database.Database;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Compares a backup's tables with the live ones by primary key; reads only, changes nothing. */
public final class BackupDiff {
    public static final int MAX_SAMPLE = 1000;

    private final Database database;
    private final BackupSource source;

    public BackupDiff(Database database, BackupSource source) {
        this.database = database;
        this.source = source;
    }

    /**
     * @param sampleTable the table whose keys only in the backup are listed (null: none)
     * @param sampleLimit how many of them, 1 to {@link #MAX_SAMPLE}
     */
    public DiffReport compare(String id, String sampleTable, int sampleLimit) {
        try (BackupSource.Opened b = source.open(id)) {
            Map<String, TableDiff> tables = database.readAttached(b.databaseFile(), (c, alias) -> {
                Map<String, TableShape> live = TableShape.read(c, null);
                Map<String, TableShape> backup = TableShape.read(c, alias);
                List<String> names = DataTables.of(live);
                if (sampleTable != null && !names.contains(sampleTable)) {
                    throw unknownTable(sampleTable, names);
                }
                Map<String, TableDiff> out = new LinkedHashMap<>();
                for (String t : names) {
                    out.put(t, table(c, alias, live.get(t), backup.get(t), t.equals(sampleTable) ? sampleLimit : 0));
                }
                return out;
            });
            return new DiffReport(b.record().id(), b.record().createdAt().toString(), tables, b.warnings());
        }
    }

    public static BackupException unknownTable(String name, List<String> known) {
        return new BackupException(ErrorKind.INVALID_REQUEST, "unknown table '" + name + "'; tables that can be compared and restored: "
                + String.join(", ", known));
    }

    private static TableDiff table(Connection c, String alias, TableShape live, TableShape backup, int sample) throws SQLException {
        long liveRows = count(c, "SELECT count(*) FROM " + TableShape.quoted(live.name()));
        if (backup == null) {
            return new TableDiff(0, liveRows, 0, liveRows, 0, false, null, null);
        }
        List<String> problems = DataTables.fitProblems(live, backup);
        if (backup.hasGenerated()) {
            // Never read: a generated column's expression is the file's, not ours.
            return new TableDiff(0, liveRows, 0, 0, 0, true, problems, null);
        }
        Sql q = new Sql(alias, live, backup);
        long backupRows = count(c, "SELECT count(*) FROM " + q.backupTable());
        long onlyInBackup = count(c, "SELECT count(*) FROM " + q.backupTable() + " b WHERE NOT EXISTS (SELECT 1 FROM "
                + q.liveTable() + " l WHERE " + q.keysEqual() + ")");
        long onlyInLive = count(c, "SELECT count(*) FROM " + q.liveTable() + " l WHERE NOT EXISTS (SELECT 1 FROM "
                + q.backupTable() + " b WHERE " + q.keysEqual() + ")");
        long changed = count(c, q.changedCount());
        List<String> keys = sample > 0 ? sample(c, q, sample) : null;
        return new TableDiff(backupRows, liveRows, onlyInBackup, onlyInLive, changed, true, problems.isEmpty() ? null : problems, keys);
    }

    private static List<String> sample(Connection c, Sql q, int limit) throws SQLException {
        String key = q.keyText("b");
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT " + key + " AS k FROM " + q.backupTable() + " b WHERE NOT EXISTS (SELECT 1 FROM "
                     + q.liveTable() + " l WHERE " + q.keysEqual() + ") ORDER BY k LIMIT " + limit)) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    public static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The SQL pieces for one table: live as {@code l}, the backup as {@code b}. */
    public record Sql(String alias, TableShape live, TableShape backup) {
        public String liveTable() {
            return TableShape.quoted(live.name());
        }

        public String backupTable() {
            return alias + ".main." + TableShape.quoted(live.name());
        }

        public String keysEqual() {
            return live.key().stream().map(k -> "l." + TableShape.quoted(k) + " = b." + TableShape.quoted(k)).collect(Collectors.joining(" AND "));
        }

        /** Any common non-key column differs (NULL and NULL are equal). */
        public String valuesDiffer() {
            List<String> cols = DataTables.commonColumns(live, backup).stream().filter(col -> !live.key().contains(col)).toList();
            return cols.isEmpty() ? "false" : cols.stream().map(col -> "l." + TableShape.quoted(col) + " IS DISTINCT FROM b." + TableShape.quoted(col))
                    .collect(Collectors.joining(" OR "));
        }

        public String changedCount() {
            return "SELECT count(*) FROM " + backupTable() + " b JOIN " + liveTable() + " l ON " + keysEqual() + " WHERE " + valuesDiffer();
        }

        /** The key as text, columns joined by '|', for samples. */
        public String keyText(String side) {
            return live.key().stream().map(k -> "CAST(" + side + "." + TableShape.quoted(k) + " AS VARCHAR)").collect(Collectors.joining(" || '|' || "));
        }

        public String columnList() {
            return DataTables.commonColumns(live, backup).stream().map(TableShape::quoted).collect(Collectors.joining(", "));
        }
    }
}
