package io.cartographus.cli;

import io.cartographus.Engine;
import io.cartographus.audit.AuditEntry;
import io.cartographus.audit.AuditPage;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit", description = "Show the audit trail (DATA_DIR/audit.log), newest first.")
final class AuditCommand extends BackupVerb {
    @Option(names = "--action", description = "Only this action, e.g. backup.restore") String action;
    @Option(names = "--limit", defaultValue = "50") int limit;
    @Option(names = "--offset", defaultValue = "0") int offset;

    AuditCommand(Wiring wiring) {
        super(wiring);
    }

    @Override
    public Integer call() {
        // The audit log is a plain file: reading it needs neither the server nor the database.
        connection.offline = true;
        return super.call();
    }

    @Override
    int api(ApiClient client) {
        throw new IllegalStateException("audit reads the file directly");
    }

    @Override
    int offline(Engine engine) throws IOException {
        AuditPage page = engine.audit().read(offset, limit, action);
        if (connection.json) {
            print(page);
            return ExitCodes.OK;
        }
        for (AuditEntry e : page.entries()) {
            out.printf("%s %-16s %-8s %-20s %-8s %s%s%n", e.time(), e.action(), e.outcome(), e.target() == null ? "-" : e.target(),
                    e.tokenName() == null ? "-" : e.tokenName(), e.remoteAddress() == null ? "" : e.remoteAddress(),
                    e.detail() == null ? "" : "  " + e.detail());
        }
        out.println(page.total() + " entr" + (page.total() == 1 ? "y" : "ies") + (page.skippedLines() > 0 ? ", " + page.skippedLines() + " unreadable line(s) skipped" : ""));
        return ExitCodes.OK;
    }
}
