package io.cartographus.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AuditLogConcurrencyTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 200;

    @TempDir
    Path dir;

    @Test
    void eight_threads_appending_two_hundred_entries_each_give_1600_whole_lines() throws Exception {
        Path file = dir.resolve("audit.log");
        // Two instances on one file, as when the server and an offline CLI both audit.
        AuditLog first = new AuditLog(file);
        AuditLog second = new AuditLog(file);
        // Long details make each write big enough that interleaving would show if writes were split.
        String padding = "p".repeat(600);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            AuditLog log = t % 2 == 0 ? first : second;
            writers.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < PER_THREAD; i++) {
                    log.record(new AuditEntry(Instant.now(), "writer-" + thread, "admin", "backup.create",
                            thread + "/" + i, "success", "127.0.0.1", padding));
                }
                return null;
            }));
        }
        long began = System.nanoTime();
        start.countDown();
        for (Future<?> f : writers) {
            f.get(60, TimeUnit.SECONDS);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        pool.shutdown();

        ObjectMapper json = new ObjectMapper();
        Set<String> targets = new HashSet<>();
        List<String> lines = Files.readAllLines(file);
        for (String line : lines) {
            JsonNode node = json.readTree(line);
            assertThat(node.get("detail").textValue()).isEqualTo(padding);
            targets.add(node.get("target").textValue());
        }
        assertThat(lines).hasSize(THREADS * PER_THREAD);
        assertThat(targets).hasSize(THREADS * PER_THREAD);
        AuditPage page = first.read(0, 5, null);
        assertThat(page.total()).isEqualTo(THREADS * PER_THREAD);
        assertThat(page.skippedLines()).isZero();
        System.out.printf("1600 audited appends with force took %d ms%n", millis);
    }
}
