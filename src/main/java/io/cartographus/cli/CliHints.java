package io.cartographus.cli;

import java.util.Map;

/** Hints are written in the API's words; on the command line they must name the flags. */
final class CliHints {
    private static final Map<String, String> FLAGS = Map.of(
            "create_pre_restore_backup=false", "--no-pre-restore-backup",
            "force_restore=true", "--force",
            "verify_after_restore=false", "--no-verify",
            "validate_only=true", "--validate-only",
            "dry_run=true", "--dry-run",
            "restore_database=false", "--restore-database false",
            "restore_config=false", "--restore-config false",
            "stop_services=true", "(always on in the CLI)");

    private CliHints() {
    }

    static String flags(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Map.Entry<String, String> e : FLAGS.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    /**
     * What to do next about a server's refusal, when the server gave no hint of its own (that one is
     * already in the message): every error an operator can hit from the CLI says what to try.
     */
    static String forAnswer(int status, com.fasterxml.jackson.databind.JsonNode body) {
        if (status == 0) {
            return "is the server running? Start it with `cartographus serve`, or add --offline to work on DATA_DIR"
                    + " directly while it is stopped";
        }
        if (body != null && body.path("error").hasNonNull("hint")) {
            return null;
        }
        return forCode(body == null ? "" : body.path("error").path("code").asText(""));
    }

    /** The hint for an error of this kind ({@code ErrorKind} name), or null when there is nothing general to say. */
    static String forCode(String code) {
        return switch (code) {
            case "UNAUTHORIZED" -> "pass a valid token with --token or CARTOGRAPHUS_TOKEN; `cartographus token create` makes one,"
                    + " and a first start without tokens writes an admin token to DATA_DIR/admin.token";
            case "FORBIDDEN" -> "this token's role may not do that: use an operator or admin token (`cartographus token list`)";
            case "NOT_FOUND" -> "`cartographus backup list` shows the backups there are";
            case "BUSY" -> "wait for the running backup or restore to end (`cartographus backup status`), then try again";
            default -> null;
        };
    }
}
