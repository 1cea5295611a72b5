package io.cartographus.retention;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Working state for one completed backup while {@link Retention#plan} runs; never escapes it. */
final class Verdict {
    final RetentionCandidate backup;
    final LocalDate localDate;
    /** Protections: never deleted, whatever a later rule says. */
    final List<String> guards = new ArrayList<>();
    /** GFS rules that want this backup kept. */
    final List<String> keeps = new ArrayList<>();
    /** The first rule that wants it deleted (null: none); the first one is the true cause. */
    String deletion;
    boolean restoredByMinCount;
    boolean future;

    Verdict(RetentionCandidate backup, ZoneId zone) {
        this.backup = backup;
        this.localDate = LocalDate.ofInstant(backup.createdAt(), zone);
    }

    void delete(String why) {
        if (deletion == null) {
            deletion = why;
        }
    }

    boolean removed() {
        return deletion != null && guards.isEmpty() && !restoredByMinCount;
    }

    RetentionDecision decision(int minCount) {
        if (removed()) {
            return new RetentionDecision(backup.id(), backup.createdAt(), false, "deleted: " + deletion);
        }
        List<String> parts = new ArrayList<>(guards);
        if (restoredByMinCount) {
            parts.add("BACKUP_RETENTION_MIN_COUNT=" + minCount);
        }
        parts.addAll(keeps);
        String reason = "kept: " + String.join("; ", parts);
        if (deletion != null) {
            // Say what was overridden, so an operator sees why a too-old backup survived.
            reason += "; would otherwise be deleted: " + deletion;
        }
        return new RetentionDecision(backup.id(), backup.createdAt(), true, reason);
    }
}
