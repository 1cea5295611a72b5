package io.cartographus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartographus.engine.Engine;
import io.cartographus.audit.AuditEntry;
import io.cartographus.audit.AuditLog;
import io.cartographus.audit.AuditPage;
import io.cartographus.error.BackupException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit", description = {"Show the audit trail (DATA_DIR/audit.log), newest first.",
        "Reads the file directly unless --server is given; then asks that server (GET /api/v1/audit, admin token)."})
final class AuditCommand extends BackupVerb {
    @Option(names = "--action", description = "Only this action, e.g. backup.restore") String action;
    @Option(names = "--limit", defaultValue = "50") int limit;
    @Option(names = "--offset", defaultValue = "0") int offset;

    AuditCommand(Wiring wiring) {
        super(wiring);
    }

    @Override
    public Integer call() {
        if (connection.server != null) {
            return super.call();
        }
        // The audit log is a plain file: offline is the default, and it reads only that file. Building
        // the engine would clean up temporary files and recover a restore journal under a running server.
        try {
            Path file = wiring.config().config().host().dataDir().resolve("audit.log");
            return show(new AuditLog(file).read(offset, limit, action));
        } catch (BackupException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.of(e.kind());
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    @Override
    int api(ApiClient client) throws IOException {
        String query = "/api/v1/audit?limit=" + limit + "&offset=" + offset
                + (action == null ? "" : "&action=" + URLEncoder.encode(action, StandardCharsets.UTF_8));
        JsonNode page = client.get(query);
        if (connection.json) {
            print(page);
            return ExitCodes.OK;
        }
        for (JsonNode e : page.path("entries")) {
            out.println(line(e.path("time").asText(), text(e, "action"), text(e, "outcome"), text(e, "target"), text(e, "token_name"),
                    text(e, "remote_address"), text(e, "detail")));
        }
        out.println(footer(page.path("total").asInt(), page.path("skipped_lines").asInt()));
        return ExitCodes.OK;
    }

    /** The same keys as the API's answer and the lines of audit.log, whichever way the page was read. */
    private ObjectNode asJson(AuditPage page) {
        ObjectNode root = json.createObjectNode();
        var entries = root.putArray("entries");
        for (AuditEntry e : page.entries()) {
            entries.addObject().put("time", e.time().toString()).put("token_name", e.tokenName()).put("role", e.role())
                    .put("action", e.action()).put("target", e.target()).put("outcome", e.outcome())
                    .put("remote_address", e.remoteAddress()).put("detail", e.detail());
        }
        root.put("total", page.total());
        root.put("skipped_lines", page.skippedLines());
        return root;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String line(String time, String action, String outcome, String target, String token, String remote, String detail) {
        return String.format("%s %-16s %-8s %-20s %-8s %s%s", time, action, outcome, target == null ? "-" : target,
                token == null ? "-" : token, remote == null ? "" : remote, detail == null ? "" : "  " + detail);
    }

    private static String footer(int total, int skipped) {
        return total + " entr" + (total == 1 ? "y" : "ies") + (skipped > 0 ? ", " + skipped + " unreadable line(s) skipped" : "");
    }

    @Override
    int offline(Engine engine) throws IOException {
        return show(engine.audit().read(offset, limit, action));
    }

    private int show(AuditPage page) throws IOException {
        if (connection.json) {
            print(asJson(page));
            return ExitCodes.OK;
        }
        for (AuditEntry e : page.entries()) {
            out.println(line(e.time().toString(), e.action(), e.outcome(), e.target(), e.tokenName(), e.remoteAddress(), e.detail()));
        }
        out.println(footer(page.total(), page.skippedLines()));
        return ExitCodes.OK;
    }
}
