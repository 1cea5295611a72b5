package io.cartographus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.engine.Engine;
import io.cartographus.catalog.BackupId;
import io.cartographus.restore.RestoreOptions;
import io.cartographus.restore.RestoreResponse;
import io.cartographus.restore.tables.TableRequest;
import io.cartographus.restore.tables.TableRestore;
import io.cartographus.restore.tables.TableRestoreResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", description = "Restore a backup (an id, or 'latest'): validate, safety backup, swap, verify, roll back on failure.")
final class BackupRestore extends BackupVerb {
    @Parameters(paramLabel = "ID|latest") String id;

    @Option(names = "--validate-only", description = "Only validate, change nothing") boolean validateOnly;
    @Option(names = "--no-pre-restore-backup", description = "Skip the safety backup of the current data") boolean noPreRestore;
    @Option(names = "--force", description = "Restore even if validation fails (dangerous)") boolean force;
    @Option(names = "--no-verify", description = "Skip the check of the restored database") boolean noVerify;
    @Option(names = "--restore-database", arity = "1", paramLabel = "true|false", description = "Default: when the backup has a database") Boolean restoreDatabase;
    @Option(names = "--restore-config", arity = "1", paramLabel = "true|false", description = "Default: when the backup has a configuration") Boolean restoreConfig;
    @Option(names = "--table", paramLabel = "TABLE", description = "Restore only this table into the running database "
            + "(repeatable: --table playback_events --table users); the rest stays as it is") java.util.List<String> tables;
    @Option(names = "--merge", description = "With --table: only insert the backup's rows whose key is missing "
            + "(newer rows stay); default: replace the tables with the backup's") boolean merge;
    @Option(names = "--dry-run", description = "Print the plan (which backup, what it replaces, the safety step, the checks) and change nothing") boolean dryRun;
    @Option(names = {"--yes", "-y"}, description = "Do not ask before restoring (in a terminal the plan is shown and confirmed)") boolean yes;
    @Option(names = "--create", description = "Create DATA_DIR when it does not exist (a restore onto a new machine)") boolean create;
    @Option(names = "--from-offsite", description = "First download the backup (or the newest intact one) from BACKUP_OFFSITE_URL into "
            + "BACKUP_DIR, checked against its .sha256 (offline: a fresh machine)") boolean fromOffsite;

    BackupRestore(Wiring wiring) {
        super(wiring);
    }

    private String target() {
        return "latest".equals(id) ? id : BackupId.require(id);
    }

    @Override
    int api(ApiClient client) throws IOException {
        if (fromOffsite) {
            throw new io.cartographus.error.BackupException(io.cartographus.error.ErrorKind.BUSY,
                    "--from-offsite works offline on DATA_DIR (a fresh machine) and a server is running",
                    "stop the server, or pass --offline", null);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        TableRequest request = tableRequest();
        if (request != null) {
            body.put("tables", tables);
            body.put("mode", request.mode().label());
            body.put("create_pre_restore_backup", !noPreRestore);
            body.put("verify_after_restore", !noVerify);
            if (!tablesConfirmed(request)) {
                return ExitCodes.FAILURE;
            }
            try (ProgressHandle ticker = Ticker.start("restoring tables", connection.json, err, null)) {
                return show(client.post("/api/v1/backup/restore/" + target(), body), null);
            } catch (ApiClient.ApiError e) {
                if (e.body != null && e.body.has("success")) {
                    show(e.body, null);
                }
                throw e;
            }
        }
        body.put("validate_only", validateOnly);
        body.put("create_pre_restore_backup", !noPreRestore);
        body.put("force_restore", force);
        body.put("verify_after_restore", !noVerify);
        if (restoreDatabase != null) {
            body.put("restore_database", restoreDatabase);
        }
        if (restoreConfig != null) {
            body.put("restore_config", restoreConfig);
        }
        try {
            Map<String, Object> planBody = new LinkedHashMap<>(body);
            planBody.put("dry_run", true);
            JsonNode planned = client.post("/api/v1/backup/restore/" + target(), planBody).path("plan");
            if (dryRun) {
                return showPlan(planned);
            }
            if (!confirmed(planned)) {
                return ExitCodes.FAILURE;
            }
            com.fasterxml.jackson.databind.JsonNode r;
            try (ProgressHandle ticker = Ticker.start("restoring", connection.json, err, () -> client.get("/api/v1/backup/status").path("progress"))) {
                r = client.post("/api/v1/backup/restore/" + target(), body);
            }
            return show(r, planned);
        } catch (ApiClient.ApiError e) {
            if (e.body != null && e.body.has("success")) {
                show(e.body, null);
            }
            throw e;
        }
    }

    @Override
    boolean mayCreateDataDir() {
        // A fresh machine: --from-offsite brings its first backup, and says so by its name.
        return create || fromOffsite;
    }

    /** The --table/--merge request, or null for a full restore; the options that make no sense with it are refused. */
    private TableRequest tableRequest() {
        TableRequest r = TableRequest.parse(tables, merge ? "merge" : null);
        if (r != null && (validateOnly || force || fromOffsite || dryRun || restoreDatabase != null || restoreConfig != null)) {
            throw new io.cartographus.error.BackupException(io.cartographus.error.ErrorKind.INVALID_REQUEST,
                    "--table restores tables into the open database: --validate-only, --force, --from-offsite, --dry-run, "
                            + "--restore-database and --restore-config do not apply to it (`backup diff` shows what it would change)");
        }
        return r;
    }

    /** A table restore rewrites live tables: in a terminal without --yes, say which and ask. */
    private boolean tablesConfirmed(TableRequest request) throws IOException {
        if (!Confirmation.needed(yes)) {
            return true;
        }
        err.println("restore " + request.tables() + " from backup " + id + " into the running database ("
                + request.mode().label() + (noPreRestore ? ", no safety backup" : ", after a safety backup") + ")");
        if (Confirmation.ask(err)) {
            return true;
        }
        err.println("cancelled: nothing was changed");
        return false;
    }

    @Override
    int offline(Engine engine) throws IOException {
        TableRequest request = tableRequest();
        if (request != null) {
            openDatabase(engine);
            if (!tablesConfirmed(request)) {
                return ExitCodes.FAILURE;
            }
            TableRestoreResponse r;
            try (ProgressHandle ticker = Ticker.start("restoring tables", connection.json, err, null)) {
                r = engine.tableRestore().restore(target(), request, new TableRestore.Options(!noPreRestore, !noVerify));
            }
            int code = show(tree(r), null);
            return r.success() ? ExitCodes.OK : Math.max(code, ExitCodes.INVALID);
        }
        boolean hadDatabase = java.nio.file.Files.exists(engine.database().file());
        // Download (and check) before the database is opened: a damaged copy in the bucket leaves DATA_DIR as it was.
        String chosen = fromOffsite ? engine.offsite().fetch(target(), err::println).id() : target();
        boolean freshMachine = fromOffsite && !hadDatabase;
        if (!freshMachine) { // on a fresh machine, opening would only create an empty database to set aside
            try {
                openDatabase(engine);
            } catch (io.cartographus.error.BackupException e) {
                if (e.kind() == io.cartographus.error.ErrorKind.BUSY) {
                    throw e;
                }
                err.println("warning: the current database does not open (" + e.getMessage() + "); restoring over it");
            }
        }
        // A fresh machine has no data to protect: a pre-restore backup of the empty database would only
        // become the newest backup (and be uploaded), ahead of the real one.
        boolean preRestore = !noPreRestore && !freshMachine;
        RestoreOptions options = new RestoreOptions(validateOnly, preRestore, true, restoreDatabase, restoreConfig, force, !noVerify);
        JsonNode planned = tree(engine.restore().plan(chosen, options));
        if (dryRun) {
            return showPlan(planned);
        }
        if (!confirmed(planned)) {
            return ExitCodes.FAILURE;
        }
        RestoreResponse r;
        try (ProgressHandle ticker = Ticker.start("restoring", connection.json, err, () -> tree(engine.backups().lock().progress()))) {
            r = engine.restore().restore(chosen, options);
        }
        int code = show(tree(r), planned);
        return r.success() ? ExitCodes.OK : Math.max(code, ExitCodes.INVALID);
    }

    private int showPlan(JsonNode plan) throws IOException {
        if (connection.json) {
            print(plan);
        } else {
            RestorePlanText.print(plan, out);
            out.println("dry run: nothing was changed");
        }
        return ExitCodes.OK;
    }

    /** Prints the plan (to stderr: stdout stays the result) and, in a terminal without --yes, asks. */
    private boolean confirmed(JsonNode plan) throws IOException {
        if (!connection.json) {
            RestorePlanText.print(plan, err);
        }
        if (validateOnly || !Confirmation.needed(yes)) {
            return true;
        }
        if (Confirmation.ask(err)) {
            return true;
        }
        err.println("cancelled: nothing was changed");
        return false;
    }

    /** Each setting the configuration restore changes, old → new, or that it changes none. */
    private void configChanges(JsonNode r, String title) {
        JsonNode changes = r.path("config_changes");
        if (!changes.isArray()) {
            return;
        }
        if (changes.isEmpty()) {
            out.println(title + ": none");
            return;
        }
        out.println(title + ":");
        changes.forEach(c -> out.println("  " + c.path("name").asText() + ": " + shown(c.path("from").asText())
                + " → " + shown(c.path("to").asText())));
    }

    private static String shown(String value) {
        return value.isEmpty() ? "(unset)" : value;
    }

    private int show(JsonNode r, JsonNode planned) throws IOException {
        if (connection.json) {
            print(r);
        } else if (validateOnly) {
            out.println((r.path("success").asBoolean() ? "validated " : "NOT valid: ") + r.path("backup_id").asText() + ", nothing restored");
            configChanges(r, "a configuration restore would change");
            r.path("warnings").forEach(w -> out.println("warning: " + w.asText()));
            r.path("errors").forEach(e -> out.println("error:   " + e.asText()));
        } else {
            RestorePlanText.fallback(planned, r, out);
            out.println((r.path("success").asBoolean() ? "restored " : "NOT restored ") + r.path("backup_id").asText()
                    + ": database_restored=" + r.path("database_restored").asText() + ", config_restored=" + r.path("config_restored").asText()
                    + ", records_restored=" + r.path("records_restored").asText() + ", " + r.path("duration_ms").asText() + " ms");
            if (r.has("tables_restored")) {
                out.println(r.path("mode").asText() + ": rows written " + r.path("tables_restored"));
            }
            if (!r.path("pre_restore_backup_id").isNull() && r.has("pre_restore_backup_id")) {
                out.println("safety backup: " + r.path("pre_restore_backup_id").asText());
            }
            if (r.path("restart_required").asBoolean()) {
                out.println("restart required: the restored configuration applies at the next start");
            }
            configChanges(r, "configuration changes at the next start");
            r.path("warnings").forEach(w -> out.println("warning: " + w.asText()));
            r.path("errors").forEach(e -> out.println("error:   " + e.asText()));
        }
        return r.path("success").asBoolean() ? ExitCodes.OK : ExitCodes.INVALID;
    }
}
