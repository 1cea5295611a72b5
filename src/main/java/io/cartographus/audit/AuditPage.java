package io.cartographus.audit;

import java.util.List;

/**
 * One page of the audit log, newest first.
 *
 * @param entries      the entries of this page
 * @param total        how many entries match the filter in the whole log
 * @param skippedLines how many non-blank lines of the log could not be parsed (e.g. a line cut by a crash)
 */
public record AuditPage(List<AuditEntry> entries, int total, int skippedLines) {
    public AuditPage {
        entries = List.copyOf(entries);
    }
}
