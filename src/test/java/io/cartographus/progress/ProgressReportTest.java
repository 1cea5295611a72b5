package io.cartographus.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Percent, rate and time left are arithmetic on what is known, and absent when it is not. */
class ProgressReportTest {
    private static final long S = 1_000_000_000L;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // what                                  | done | total | phase ns  | percent | rate | eta
            "half of 1000 bytes in 2 s               | 500  | 1000  | 2000000000 | 50.0   | 250  | 2",
            "unknown total: bytes, no percent or eta | 500  | -1    | 2000000000 | -      | 250  | -",
            "too early to measure a rate             | 100  | 1000  | 100000000  | 10.0   | -    | -",
            "nothing read yet                        | 0    | 1000  | 3000000000 | 0.0    | -    | -",
            "an empty phase is done                  | 0    | 0     | 1000000000 | 100.0  | -    | -",
            "more read than announced is capped      | 1500 | 1000  | 1000000000 | 100.0  | 1500 | 0",
            "a third is rounded to a tenth           | 1    | 3     | 1000000000 | 33.3   | 1    | 2",
    })
    void report(String what, long done, long total, long phaseNanos, Double percent, Long rate, Long eta) {
        ProgressReport r = ProgressReport.of("compress", done, total, phaseNanos, phaseNanos + S);
        assertThat(r.percent()).as("percent").isEqualTo(percent);
        assertThat(r.bytesPerSecond()).as("rate").isEqualTo(rate);
        assertThat(r.etaSeconds()).as("eta").isEqualTo(eta);
        assertThat(r.bytesTotal()).isEqualTo(total < 0 ? null : total);
        assertThat(r.elapsedMs()).isEqualTo((phaseNanos + S) / 1_000_000);
    }

    @Test
    void a_new_phase_starts_its_bytes_and_clock_again() {
        AtomicLong now = new AtomicLong(0);
        Progress p = new Progress(now::get);
        assertThat(p.report().phase()).isEqualTo("starting");
        p.phase("validate", 1000);
        now.addAndGet(2 * S);
        p.advance(600);
        assertThat(p.report()).extracting(ProgressReport::phase, ProgressReport::bytesDone, ProgressReport::etaSeconds)
                .containsExactly("validate", 600L, 2L);
        p.phase("swap", -1);
        now.addAndGet(S);
        ProgressReport swap = p.report();
        assertThat(swap.bytesDone()).isZero();
        assertThat(swap.phaseElapsedMs()).isEqualTo(1000);
        assertThat(swap.elapsedMs()).isEqualTo(3000);
    }

    @Test
    void a_counting_stream_advances_by_what_was_read() throws Exception {
        Progress p = Progress.start();
        p.phase("read", 10);
        try (ProgressInputStream in = new ProgressInputStream(new java.io.ByteArrayInputStream(new byte[10]), p)) {
            in.read();
            in.read(new byte[4], 0, 4);
            in.skip(2);
            in.readAllBytes();
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(p.report().bytesDone()).isEqualTo(10);
    }
}
