package io.cartographus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartographus.Engine;
import io.cartographus.audit.AuditEntry;
import io.cartographus.audit.AuditPage;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
        // The audit log is a plain file: reading it needs neither the server nor the database, so
        // offline is the default; --server asks a server, e.g. one on another machine.
        if (connection.server == null) {
            connection.offline = true;
        }
        return super.call();
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
        AuditPage page = engine.audit().read(offset, limit, action);
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
