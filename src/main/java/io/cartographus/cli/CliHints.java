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
}
