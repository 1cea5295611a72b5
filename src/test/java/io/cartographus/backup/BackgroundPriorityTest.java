package io.cartographus.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.log.LogContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class BackgroundPriorityTest {
    /** The calling thread's nice value, field 19 of /proc/thread-self/stat. */
    private static int niceOfThisThread() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether this machine lets a thread lower itself with renice (not everywhere: no Linux, no renice, a sandbox). */
    private static boolean reniceWorks() throws InterruptedException {
        if (!Files.exists(Path.of("/proc/thread-self/stat"))) {
            return false;
        }
        AtomicInteger after = new AtomicInteger(Integer.MIN_VALUE);
        Thread probe = new Thread(() -> {
            try {
                int before = niceOfThisThread();
                String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
                Process p = new ProcessBuilder("renice", "-n", "1", "-p", tid).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0 && niceOfThisThread() > before) {
                    after.set(niceOfThisThread());
                }
            } catch (IOException | InterruptedException e) {
                // Not possible here: the test that needs it is skipped.
            }
        });
        probe.start();
        probe.join();
        return after.get() != Integer.MIN_VALUE;
    }

    @Test
    void work_runs_on_its_own_thread_at_the_lowered_priority_and_so_do_the_threads_it_starts() throws Exception {
        assumeTrue(reniceWorks(), "needs Linux and a renice that may lower a thread's priority");
        int callerNice = niceOfThisThread();
        AtomicInteger childNice = new AtomicInteger(-100);
        int workNice = new BackgroundPriority(10).call("test-lowered", () -> {
            assertThat(Thread.currentThread().getName()).isEqualTo("test-lowered");
            Thread child = new Thread(() -> childNice.set(niceOfThisThread()));
            child.start();
            try {
                child.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return niceOfThisThread();
        });
        assertThat(workNice).isEqualTo(Math.max(callerNice, 10));
        assertThat(childNice.get()).isEqualTo(workNice);
        assertThat(niceOfThisThread()).as("the caller keeps its priority").isEqualTo(callerNice);
    }

    @Test
    void nice_0_changes_nothing() {
        int callerNice = niceOfThisThread();
        assertThat(new BackgroundPriority(0).call("test-normal", BackgroundPriorityTest::niceOfThisThread)).isEqualTo(callerNice);
        assertThat(new BackgroundPriority(0).lowerCurrentThread()).isFalse();
    }

    @Test
    void the_work_s_exception_is_thrown_to_the_caller_as_it_is() {
        BackupException thrown = new BackupException(ErrorKind.NO_SPACE, "disk full");
        assertThatThrownBy(() -> new BackgroundPriority(10).call("test-failing", () -> {
            throw thrown;
        })).isSameAs(thrown);
        AssertionError error = new AssertionError("boom");
        assertThatThrownBy(() -> new BackgroundPriority(10).call("test-error", () -> {
            throw error;
        })).isSameAs(error);
    }

    @Test
    void the_work_logs_with_the_caller_s_context() {
        try (LogContext ignored = LogContext.open("backup", "20260101-020000-full")) {
            String seen = new BackgroundPriority(10).call("test-context", () -> MDC.get(LogContext.ACTION) + " " + MDC.get(LogContext.BACKUP_ID));
            assertThat(seen).isEqualTo("backup 20260101-020000-full");
        }
    }

    @Test
    void an_interrupted_caller_still_waits_for_the_work_and_keeps_its_interrupt_flag() {
        AtomicInteger finished = new AtomicInteger();
        Thread.currentThread().interrupt();
        String result = new BackgroundPriority(10).call("test-interrupted", () -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                // The interrupt reaches the work; it ends in its own time.
            }
            finished.incrementAndGet();
            return "done";
        });
        assertThat(Thread.interrupted()).isTrue();
        assertThat(result).isEqualTo("done");
        assertThat(finished.get()).isEqualTo(1);
    }
}
