package io.cartographus.notify;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the one human sentence of each notification (Slack shows only {@code text}). Missing
 * fields are left out of the sentence rather than printed as "null".
 */
final class EventText {
    private static final int MAX_LISTED_IDS = 10;

    private EventText() {
    }

    static String backupCompleted(Map<String, Object> backup) {
        StringBuilder s = subject(backup).append(" completed");
        Long size = number(backup, "size_bytes");
        Long ms = number(backup, "duration_ms");
        if (size != null || ms != null) {
            s.append(':');
            if (size != null) {
                s.append(' ').append(bytes(size));
            }
            if (ms != null) {
                s.append(" in ").append(duration(ms));
            }
        }
        return s.append('.').toString();
    }

    static String backupFailed(Map<String, Object> backup, String error) {
        return subject(backup).append(" FAILED: ").append(sentence(error)).toString();
    }

    static String retentionCleanup(List<String> ids, long freedBytes) {
        if (ids.isEmpty()) {
            return "Cartographus retention cleanup deleted no backups.";
        }
        StringBuilder s = new StringBuilder("Cartographus retention cleanup deleted ")
                .append(ids.size()).append(ids.size() == 1 ? " backup" : " backups")
                .append(" (").append(bytes(freedBytes)).append(" freed): ")
                .append(String.join(", ", ids.subList(0, Math.min(ids.size(), MAX_LISTED_IDS))));
        if (ids.size() > MAX_LISTED_IDS) {
            s.append(" and ").append(ids.size() - MAX_LISTED_IDS).append(" more");
        }
        return s.append('.').toString();
    }

    static String restoreCompleted(Map<String, Object> backup, Map<String, Object> details) {
        StringBuilder s = restoreSubject(backup, details).append(" completed");
        Long ms = number(details, "duration_ms");
        if (ms != null) {
            s.append(" in ").append(duration(ms));
        }
        Long records = number(details, "records_restored");
        if (records != null) {
            s.append(", ").append(records).append(" records restored");
        }
        s.append('.');
        safetyBackup(s, details);
        if (Boolean.TRUE.equals(details.get("restart_required"))) {
            s.append(" Restart required.");
        }
        return s.toString();
    }

    static String restoreFailed(Map<String, Object> backup, String error, Map<String, Object> details) {
        StringBuilder s = restoreSubject(backup, details).append(" FAILED: ").append(sentence(error));
        safetyBackup(s, details);
        return s.toString();
    }

    /** "Cartographus restore drill of backup … (offsite) passed: a usable database in 4 s." */
    static String drillCompleted(Map<String, Object> details) {
        StringBuilder s = drillSubject(details).append(" passed");
        Long ms = number(details, "duration_ms");
        if (ms != null) {
            s.append(": a usable database in ").append(duration(ms));
        }
        return s.append('.').toString();
    }

    static String drillFailed(Map<String, Object> details) {
        return drillSubject(details).append(" FAILED: ").append(sentence(string(details, "message"))).toString();
    }

    private static StringBuilder drillSubject(Map<String, Object> details) {
        String id = string(details, "backup_id");
        String source = string(details, "source");
        return new StringBuilder("Cartographus restore drill").append(id == null ? "" : " of backup " + id)
                .append(source == null ? "" : " (" + source + ")");
    }

    /** 1024-based, like the guide's "1GB" = 1073741824 bytes. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB", "PB", "EB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String duration(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = Math.round(ms / 1000.0);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    static String string(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }

    private static StringBuilder subject(Map<String, Object> backup) {
        StringBuilder s = new StringBuilder("Cartographus backup");
        String id = string(backup, "id");
        if (id != null) {
            s.append(' ').append(id);
        }
        String type = string(backup, "type");
        String trigger = string(backup, "trigger");
        if (type != null || trigger != null) {
            s.append(" (").append(type != null && trigger != null ? type + ", " + trigger : type != null ? type : trigger)
                    .append(')');
        }
        return s;
    }

    private static StringBuilder restoreSubject(Map<String, Object> backup, Map<String, Object> details) {
        String id = string(backup, "id");
        if (id == null) {
            id = string(details, "backup_id");
        }
        return new StringBuilder("Cartographus restore").append(id == null ? "" : " from backup " + id);
    }

    private static void safetyBackup(StringBuilder s, Map<String, Object> details) {
        String safety = string(details, "pre_restore_backup_id");
        if (safety != null) {
            s.append(" Safety backup: ").append(safety).append('.');
        }
    }

    private static String sentence(String error) {
        String e = error == null || error.isBlank() ? "unknown error" : error.strip();
        return e.endsWith(".") ? e : e + ".";
    }

    private static Long number(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.longValue() : null;
    }
}
