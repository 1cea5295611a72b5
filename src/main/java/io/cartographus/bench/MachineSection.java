package io.cartographus.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Where and how the numbers were taken: machine, versions, command line, load. */
final class MachineSection {
    private final Report r;

    MachineSection(Report r) {
        this.r = r;
    }

    void render(BenchRun run) {
        Machine mc = run.machine();
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("CPU", mc.cpu());
        machine.put("cores (nproc)", Integer.toString(mc.processors()));
        machine.put("memory", mc.memory());
        machine.put("disk (work directory)", mc.disk());
        machine.put("kernel", mc.kernel());
        section("## Machine", Report.list(machine));
        section("## Versions", Report.list(run.versions()));
        BenchOptions o = run.options();
        section("## Command", "```\n" + o.commandLine() + "\n```\n\n" + String.format(Locale.ROOT,
                "Database %.2f GB requested (%,d demo events), %d round(s), work directory `%s`.", o.sizeGb(), o.events(), o.rounds(), o.work()));
        r.line("");
        r.line("## Load and noise");
        r.line("");
        r.line("Load average (1, 5, 15 min) at the start: **" + run.loadStart().average() + "**, at the end: **" + run.loadEnd().average() + "**.");
        r.line("Busiest processes at the start (%CPU, RSS KiB, command): " + String.join("; ", run.loadStart().busiest()) + ".");
        r.line("At the end: " + String.join("; ", run.loadEnd().busiest()) + ".");
        r.line("");
        r.line("Spread of each operation, (max − min) / median, as a measure of the noise:");
        r.line("");
        StringBuilder spread = new StringBuilder();
        for (Op op : Op.values()) {
            Samples s = run.measurements().times(op);
            if (s.count() > 1) {
                spread.append(spread.length() == 0 ? "" : ", ").append(op.label()).append(' ')
                        .append(String.format(Locale.ROOT, "%.0f %%", 100 * (s.max() - s.min()) / s.median()));
            }
        }
        r.line(spread.length() == 0 ? "(one round: no spread)" : spread.toString());
    }

    private void section(String title, String body) {
        r.line("");
        r.line(title);
        r.line("");
        r.line(body);
    }
}
