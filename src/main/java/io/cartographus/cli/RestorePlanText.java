package io.cartographus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;

/** A restore plan (the API's {@code plan} object) for a person. */
final class RestorePlanText {
    private RestorePlanText() {
    }

    static void print(JsonNode p, PrintStream out) {
        out.println("restore plan:");
        out.println("  backup:       " + p.path("backup_id").asText() + " (" + p.path("backup_type").asText() + ", taken "
                + p.path("backup_created_at").asText() + ", " + p.path("backup_records").asLong() + " records, "
                + Human.size(p.path("backup_size_bytes").asLong()) + ")");
        out.println("  live database: " + (p.path("live_readable").asBoolean()
                ? p.path("live_records").asLong() + " records" : "cannot be read"));
        out.println("  replaces:     " + what(p));
        out.println("  safety:       " + safety(p.path("safety").asText()));
        out.println("  space needed: at least " + Human.size(p.path("space_needed_bytes").asLong())
                + (p.path("free_bytes").asLong() >= 0 ? " (" + Human.size(p.path("free_bytes").asLong()) + " free)" : ""));
        p.path("checks").forEach(c -> out.println("  check:        " + c.asText()));
        out.println("  estimate:     about " + p.path("estimated_seconds").asLong() + " s");
        p.path("warnings").forEach(w -> out.println("  warning:      " + w.asText()));
    }

    /** When "latest" had to fall back to an older backup: which one, and what that costs. */
    static void fallback(JsonNode planned, JsonNode result, PrintStream out) {
        if (planned == null || planned.isMissingNode() || planned.path("backup_id").asText().equals(result.path("backup_id").asText())) {
            return;
        }
        JsonNode actual = result.path("plan");
        long newest = planned.path("backup_records").asLong();
        long chosen = actual.path("backup_records").asLong(result.path("records_restored").asLong());
        out.println("note: the newest backup " + planned.path("backup_id").asText() + " (" + newest + " records) did not validate; "
                + "picked " + result.path("backup_id").asText() + " (" + chosen + " records): " + Math.max(0, newest - chosen)
                + " records fewer than the newest");
    }

    private static String what(JsonNode p) {
        if (p.path("validate_only").asBoolean()) {
            return "nothing (validate only)";
        }
        boolean db = p.path("restore_database").asBoolean();
        boolean config = p.path("restore_config").asBoolean();
        return db && config ? "the database and DATA_DIR/config.env" : db ? "the database" : "DATA_DIR/config.env (applies at the next start)";
    }

    private static String safety(String s) {
        return switch (s) {
            case "PRE_RESTORE_BACKUP" -> "a pre-restore backup of the live database first";
            case "KEEP_FILES_ASIDE" -> "the live database files are kept aside, byte for byte";
            case "NOT_NEEDED" -> "none needed: the live database holds no data";
            default -> "none: the database is not replaced";
        };
    }
}
