package io.cartographus.bench;

import java.util.List;

/** The targets with PASS or FAIL. */
final class SummarySection {
    private final Report r;

    SummarySection(Report r) {
        this.r = r;
    }

    void render(List<Targets.Verdict> verdicts) {
        r.line("");
        r.line("## Summary");
        r.line("");
        long failed = verdicts.stream().filter(v -> !v.pass()).count();
        r.line(failed == 0 ? "All " + verdicts.size() + " targets pass." : failed + " of " + verdicts.size() + " targets fail.");
        r.line("");
        r.table(List.of("target", "measured", "result"),
                verdicts.stream().map(v -> List.of(v.target(), v.measured(), "**" + v.result() + "**")).toList());
    }
}
