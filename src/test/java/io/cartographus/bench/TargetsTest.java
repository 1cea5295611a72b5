package io.cartographus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetsTest {
    private static Targets.Verdict verdict(BenchRun run, String startsWith) {
        return Targets.judge(run).stream().filter(v -> v.target().startsWith(startsWith)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "ours {0} ms vs tool {1} ms, limit {2}: pass = {3}")
    @CsvSource({
            "BACKUP_ZSTD, TAR_ZSTD, zstd backup, 1140, true",
            "BACKUP_ZSTD, TAR_ZSTD, zstd backup, 1160, false",
            "BACKUP_GZIP, TAR_GZIP, gzip backup, 1090, true",
            "BACKUP_GZIP, TAR_GZIP, gzip backup, 1110, false",
            "BACKUP_ZSTD_ENCRYPTED, BACKUP_ZSTD, encrypted zstd backup, 1090, true",
            "BACKUP_ZSTD_ENCRYPTED, BACKUP_ZSTD, encrypted zstd backup, 1110, false"})
    void backup_ratio_is_judged_against_its_limit(Op ours, Op tool, String target, double oursMs, boolean pass) {
        Measurements m = Runs.measurements(1000, Map.of(ours, oursMs, tool, 1000.0));
        assertThat(verdict(Runs.run(m, 5, 5, true), target).pass()).isEqualTo(pass);
    }

    @ParameterizedTest(name = "restore {0} ms, check {1} ms, tar xf {2} ms: pass = {3}")
    @CsvSource({"3100, 2000, 1000, true", "3300, 2000, 1000, false", "1150, 0, 1000, true"})
    void restore_is_judged_without_its_database_check(double restore, double check, double untar, boolean pass) {
        Measurements m = Runs.measurements(1000, Map.of(Op.RESTORE_ZSTD, restore, Op.DATABASE_CHECK, check, Op.UNTAR_ZSTD, untar));
        assertThat(verdict(Runs.run(m, 5, 5, true), "restore of the zstd backup").pass()).isEqualTo(pass);
    }

    @Test
    void writer_stall_list_retention_and_small_heap_each_fail_on_their_own() {
        Measurements slowWriter = Runs.measurements(1000, Map.of());
        for (int i = 0; i < 10; i++) {
            slowWriter.writerDuringBackup.add(400);
        }
        assertThat(verdict(Runs.run(slowWriter, 5, 5, true), "writer commit latency").pass()).isFalse();
        Measurements fine = Runs.measurements(1000, Map.of());
        assertThat(verdict(Runs.run(fine, 5, 5, true), "writer commit latency").pass()).isTrue();
        assertThat(verdict(Runs.run(fine, 60, 5, true), "`backup/list`").pass()).isFalse();
        assertThat(verdict(Runs.run(fine, 5, 150, true), "retention plan").pass()).isFalse();
        Targets.Verdict heap = verdict(Runs.run(fine, 5, 5, false), "backup + restore");
        assertThat(heap.pass()).isFalse();
        assertThat(heap.measured()).contains("OutOfMemoryError");
        List<Targets.Verdict> all = Targets.judge(Runs.run(fine, 5, 5, true));
        assertThat(all).hasSize(10).allMatch(Targets.Verdict::pass);
    }
}
