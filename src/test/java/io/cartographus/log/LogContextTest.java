package io.cartographus.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {
    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void a_nested_operation_gives_the_outer_one_its_context_back() {
        try (LogContext restore = LogContext.open("restore", null)) {
            restore.backupId("20260101-020000-full");
            try (LogContext inner = LogContext.open("backup", "20260102-143025-pre-restore")) {
                assertThat(MDC.get("action")).isEqualTo("backup");
                assertThat(MDC.get("backup_id")).isEqualTo("20260102-143025-pre-restore");
            }
            assertThat(MDC.get("action")).isEqualTo("restore");
            assertThat(MDC.get("backup_id")).isEqualTo("20260101-020000-full");
        }
        assertThat(MDC.get("action")).isNull();
        assertThat(MDC.get("backup_id")).isNull();
    }

    @Test
    void an_inner_operation_without_an_id_does_not_inherit_the_outer_id() {
        try (LogContext outer = LogContext.open("sync", "20260101-020000-pre-sync");
             LogContext inner = LogContext.open("restore", null)) {
            assertThat(MDC.get("backup_id")).isNull();
            assertThat(MDC.get("action")).isEqualTo("restore");
        }
    }

    @Test
    void a_captured_context_is_resumed_on_another_thread_and_leaves_it_clean() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Map<String, String> captured;
            try (LogContext c = LogContext.open("backup", "20260101-020000-full")) {
                captured = LogContext.capture();
            }
            String seen = CompletableFuture.supplyAsync(() -> {
                try (LogContext c = LogContext.resume(captured)) {
                    return MDC.get("action") + " " + MDC.get("backup_id");
                }
            }, pool).get();
            assertThat(seen).isEqualTo("backup 20260101-020000-full");
            assertThat(CompletableFuture.supplyAsync(() -> MDC.get("backup_id"), pool).get()).isNull();
        } finally {
            pool.shutdownNow();
        }
    }
}
