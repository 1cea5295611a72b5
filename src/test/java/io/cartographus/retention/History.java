package io.cartographus.retention;

import io.cartographus.config.BackupType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds synthetic backup histories for retention tests. Ids follow docs/design.md §3
 * ({@code yyyyMMdd-HHmmss-<label>} in UTC, "-2", "-3"… for a second backup in the same second), so a
 * test can name the backups it expects by id. Backups are completed and verified unless said otherwise.
 */
final class History {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final List<RetentionCandidate> backups = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();

    static History empty() {
        return new History();
    }

    /** One full, verified, completed backup every {@code step} from {@code first} to {@code last}. */
    History every(Duration step, String first, String last) {
        for (Instant t = Instant.parse(first); !t.isAfter(Instant.parse(last)); t = t.plus(step)) {
            full(t.toString());
        }
        return this;
    }

    History full(String at) {
        return add(at, BackupType.FULL, "full", "completed", true, false);
    }

    History database(String at) {
        return add(at, BackupType.DATABASE, "database", "completed", true, false);
    }

    History config(String at) {
        return add(at, BackupType.CONFIG, "config", "completed", true, false);
    }

    /** A database backup taken before a sync (trigger pre_sync), as the guide's pre-sync backups are. */
    History preSync(String at) {
        return add(at, BackupType.DATABASE, "pre-sync", "completed", true, false);
    }

    /** A full backup taken before a restore (trigger pre_restore). */
    History preRestore(String at) {
        return add(at, BackupType.FULL, "pre-restore", "completed", true, false);
    }

    History unverified(String at, BackupType type) {
        return add(at, type, type.label(), "completed", false, false);
    }

    History inUse(String at, boolean verified) {
        return add(at, BackupType.FULL, "full", "completed", verified, true);
    }

    History withStatus(String at, String status) {
        return add(at, BackupType.FULL, "full", status, false, false);
    }

    History add(String at, BackupType type, String label, String status, boolean verified, boolean inUse) {
        Instant t = Instant.parse(at);
        String base = ID_TIME.format(t) + "-" + label;
        String id = base;
        for (int n = 2; !ids.add(id); n++) {
            id = base + "-" + n;
        }
        backups.add(new RetentionCandidate(id, t, type, status, verified, inUse));
        return this;
    }

    List<RetentionCandidate> build() {
        return List.copyOf(backups);
    }

    /** The id the builder gives a full backup at {@code at} (first of its second). */
    static String fullId(String at) {
        return ID_TIME.format(Instant.parse(at)) + "-full";
    }
}
