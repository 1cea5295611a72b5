package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark harness end to end, tiny: so that it never rots between the runs that matter. */
class BenchSmokeIT {
    private static final List<String> SECTIONS = List.of("## Summary", "## Machine", "## Versions", "## Command", "## Load and noise",
            "## Backup", "## Restore and validation", "## Writer stall", "## Memory", "## Catalog at scale", "## Demo database");

    @TempDir
    Path tmp;

    @Test
    void smoke_run_writes_a_report_with_every_section_and_a_verdict_per_target() throws Exception {
        Path report = tmp.resolve("b.md");
        Path log = tmp.resolve("bench.log");
        Process p = new ProcessBuilder(AppProcess.javaJar("bench", "--smoke", "--work", tmp.resolve("work").toString(),
                "--report", report.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(150, TimeUnit.SECONDS)).as("bench --smoke finished in time").isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();

        String md = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(md).contains(SECTIONS);
        int last = -1;
        for (String s : SECTIONS) {
            assertThat(md.indexOf(s)).as("order of " + s).isGreaterThan(last);
            last = md.indexOf(s);
        }
        for (String target : List.of("zstd backup ≤ 1.15", "gzip backup ≤ 1.1", "restore of the zstd backup", "restore of the gzip backup",
                "writer commit latency p99", "`backup/list` and `backup/status` < 50 ms", "retention plan < 100 ms", "-Xmx256m")) {
            assertThat(md).as(target).containsPattern("\\| [^\\n]*" + java.util.regex.Pattern.quote(target) + "[^\\n]*\\*\\*(PASS|FAIL)\\*\\* \\|");
        }
        assertThat(md).contains("| backup + restore complete with `-Xmx256m` | completed | **PASS** |");
        assertThat(md).doesNotContain("| n/a |").doesNotContain("NaN");
        assertThat(out).contains("report written to");
    }

    @Test
    void history_smoke_run_compares_our_stores_with_restic_and_borg_on_both_kinds_of_change() throws Exception {
        Path report = tmp.resolve("h.md");
        Path log = tmp.resolve("history.log");
        Process p = new ProcessBuilder(AppProcess.javaJar("bench", "--history", "--smoke", "--work",
                tmp.resolve("work").toString(), "--report", report.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(150, TimeUnit.SECONDS)).as("bench --history --smoke finished in time").isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        String md = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(md).contains("## Summary", "## Append: 1 % more events", "## Update: 1 % of the events", "## Machine and load", "## Command",
                "| ours, deduplicated |", "| ours, zstd archive |", "| restic |", "| borg |", "restic 0.", "borg 1.");
        for (String series : List.of("append", "update")) {
            for (String target : List.of("bytes added per daily deduplicated backup ≤ restic's", "daily deduplicated backup time ≤ 0.5",
                    "restore of the oldest and the newest backup ≤ 1.2", "writer commit p99 during a deduplicated backup ≤ 2")) {
                assertThat(md).as(series + ": " + target)
                        .containsPattern("\\| " + series + ": " + java.util.regex.Pattern.quote(target) + "[^\\n]*\\*\\*(PASS|FAIL)\\*\\* \\|");
            }
        }
        assertThat(md).doesNotContain("n/a").doesNotContain("NaN");
        // The work directory keeps only the demo database: each series removes its copies and repositories.
        try (var entries = Files.list(tmp.resolve("work"))) {
            assertThat(entries.map(e -> e.getFileName().toString())).noneMatch(n -> n.startsWith("history-"));
        }
    }
}
