package io.cartographus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CpuTimeTest {
    @Test
    void a_busy_child_process_shows_up_in_the_children_time() {
        long before = CpuTime.children();
        Tools.time(Path.of("."), "sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done");
        assertThat(CpuTime.children() - before).isGreaterThanOrEqualTo(50_000_000L);
    }

    @Test
    void this_process_time_grows_while_it_computes() {
        long before = CpuTime.own();
        assertThat(before).isNotNegative();
        long x = 0;
        long until = System.nanoTime() + 5_000_000_000L;
        // Busy until 100 ms of CPU are counted (or 5 s passed: on a loaded machine this thread gets a share).
        while (CpuTime.own() - before < 100_000_000L && System.nanoTime() < until) {
            for (int i = 0; i < 100_000; i++) {
                x = x * 31 + i;
            }
        }
        assertThat(x).isNotZero();
        assertThat(CpuTime.own() - before).isGreaterThanOrEqualTo(100_000_000L);
    }
}
