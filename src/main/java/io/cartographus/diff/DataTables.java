package io.cartographus.diff;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which tables can be compared and restored one by one, in which order, and whether a backup's
 * table fits the live one. Pure functions of the two catalogs.
 */
public final class DataTables {
    /**
     * Parents before children: an event names its user (and its address a place), so a restore writes
     * users before the events that refer to them. The schema declares no foreign keys (DuckDB would
     * then refuse deleting a user with events); this list is where the order is kept.
     */
    static final List<String> PARENTS_FIRST = List.of("users", "geolocations", "playback_events");
    /** Bookkeeping, not data: restoring it alone would only make the schema version lie. */
    static final Set<String> NOT_DATA = Set.of("schema_version");

    private DataTables() {
    }

    /** The live tables with a primary key, parents first, then any others by name. */
    public static List<String> of(Map<String, TableShape> live) {
        return parentsFirst(live.values().stream().filter(t -> !t.key().isEmpty() && !NOT_DATA.contains(t.name()))
                .map(TableShape::name).toList());
    }

    public static List<String> parentsFirst(Collection<String> names) {
        List<String> out = new ArrayList<>(names);
        out.sort(Comparator.comparingInt((String n) -> PARENTS_FIRST.contains(n) ? PARENTS_FIRST.indexOf(n) : PARENTS_FIRST.size())
                .thenComparing(Comparator.naturalOrder()));
        return out;
    }

    /**
     * Why the backup's table cannot be written into the live one by column name, or nothing when it
     * can: every backup column must exist live (else its values would be lost), the key must be
     * there, and a live column the backup lacks must accept a NULL or have a default (an older
     * schema, before the column was added).
     */
    public static List<String> fitProblems(TableShape live, TableShape backup) {
        List<String> problems = new ArrayList<>();
        List<String> liveNames = live.columnNames();
        List<String> backupNames = backup.columnNames();
        if (backup.hasGenerated()) {
            problems.add("the backup's table has a generated column, which this program never creates");
        }
        for (String c : backupNames) {
            if (!liveNames.contains(c)) {
                problems.add("column " + c + " is in the backup but not in the live table (a newer schema?)");
            }
        }
        for (String k : live.key()) {
            if (!backupNames.contains(k)) {
                problems.add("key column " + k + " is missing from the backup");
            }
        }
        for (TableShape.Column c : live.columns()) {
            if (!backupNames.contains(c.name()) && !c.nullable() && !c.hasDefault() && !live.key().contains(c.name())) {
                problems.add("column " + c.name() + " is missing from the backup and the live table requires a value for it");
            }
        }
        return problems;
    }

    /** The columns both sides have, in the live table's order; generated live columns are left to DuckDB. */
    public static List<String> commonColumns(TableShape live, TableShape backup) {
        List<String> backupNames = backup.columnNames();
        return live.columns().stream().filter(c -> !c.generated() && backupNames.contains(c.name())).map(TableShape.Column::name).toList();
    }
}
