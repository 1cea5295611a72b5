package io.cartographus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @TempDir
    Path tmp;

    @Test
    void report_has_every_section_in_order_and_the_verdicts() throws Exception {
        Path file = tmp.resolve("docs/benchmarks.md");
        Measurements m = Runs.measurements(1000, Map.of(Op.BACKUP_GZIP, 2000.0));
        Report.write(Runs.run(m, 5, 5, true), file);
        String md = Files.readString(file, StandardCharsets.UTF_8);
        int last = -1;
        for (String s : Report.SECTIONS) {
            assertThat(md.indexOf("\n" + s + "\n")).as(s).isGreaterThan(last);
            last = md.indexOf("\n" + s + "\n");
        }
        assertThat(md).contains("| gzip backup ≤ 1.1 × `tar czf` | 2.00× | **FAIL** |")
                .contains("| zstd backup ≤ 1.15 × `tar -I 'zstd -3 -T0' -cf` | 1.00× | **PASS** |")
                .contains("1 of 10 targets fail.")
                .contains("0.10 0.20 0.30")
                .contains("| our backup, gzip 6 | 2.00 s");
        assertThat(md).doesNotContain("NaN").doesNotContain("null");
    }

    @Test
    void notes_written_below_the_marker_survive_a_new_report() throws Exception {
        Path file = tmp.resolve("benchmarks.md");
        Report.write(Runs.run(Runs.measurements(1000, Map.of()), 5, 5, true), file);
        Files.writeString(file, Files.readString(file) + "\n## Fixes\n\n- parallel deflate: 58 s → 26 s\n");
        Report.write(Runs.run(Runs.measurements(900, Map.of()), 5, 5, true), file);
        String md = Files.readString(file);
        assertThat(md).endsWith(Report.NOTES_MARKER + "\n\n## Fixes\n\n- parallel deflate: 58 s → 26 s\n");
        assertThat(md.indexOf(Report.NOTES_MARKER)).isEqualTo(md.lastIndexOf(Report.NOTES_MARKER));
        assertThat(md).contains("| our backup, gzip 6 | 900 ms");
    }
}
