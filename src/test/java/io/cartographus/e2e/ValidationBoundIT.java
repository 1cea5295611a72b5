package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twenty validations asked for at once through the real server: never more than the bound (2) hold a
 * temporary copy in BACKUP_DIR at any moment, the others are refused at once with a 409 and a hint,
 * and no copy is left behind.
 */
class ValidationBoundIT {
    private static final int BOUND = 2;
    private static final int PARALLEL = 20;

    @TempDir
    Path tmp;

    @Test
    void twenty_parallel_validations_never_hold_more_than_the_bounds_temporary_copies() throws Exception {
        Path data = tmp.resolve("data");
        AppProcess.CliResult seeded = AppProcess.cli(Map.of("DATA_DIR", data.toString()), "demo", "seed", "--events", "20000");
        assertThat(seeded.exit()).as(seeded.err()).isZero();
        Path backups = data.resolve("backups");
        try (AppProcess app = new AppProcess(data).withAdminToken().set("BACKUP_VERIFY", "false").start()) {
            String id = app.post("/api/v1/backup/create", AppProcess.ADMIN, Map.of("type", "database")).json().path("id").asText();
            AtomicInteger most = new AtomicInteger();
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(PARALLEL + 1);
            try {
                Future<?> watcher = pool.submit(() -> {
                    while (!done.get()) {
                        most.accumulateAndGet(copies(backups), Math::max);
                        Thread.onSpinWait();
                    }
                    return null;
                });
                List<Future<AppProcess.Response>> calls = new ArrayList<>();
                for (int i = 0; i < PARALLEL; i++) {
                    calls.add(pool.submit(() -> app.post("/api/v1/backup/validate/" + id, AppProcess.ADMIN, null)));
                }
                int ok = 0;
                int busy = 0;
                for (Future<AppProcess.Response> f : calls) {
                    AppProcess.Response r = f.get(5, TimeUnit.MINUTES);
                    assertThat(r.status()).as(r.text()).isIn(200, 409);
                    if (r.status() == 200) {
                        assertThat(r.json().path("valid").asBoolean()).as(r.text()).isTrue();
                        ok++;
                    } else {
                        assertThat(r.json().path("error").path("code").asText()).isEqualTo("BUSY");
                        assertThat(r.json().path("error").path("hint").asText()).contains("retry");
                        busy++;
                    }
                }
                done.set(true);
                watcher.get(1, TimeUnit.MINUTES);
                System.out.printf("validations: %d ran, %d refused as busy; at most %d temporary copies at once%n", ok, busy, most.get());
                assertThat(ok).isGreaterThanOrEqualTo(1);
                assertThat(busy).as("20 at once cannot all fit in %d slots", BOUND).isGreaterThanOrEqualTo(1);
                assertThat(most.get()).isBetween(1, BOUND);
                assertThat(copies(backups)).as("nothing left behind").isZero();
            } finally {
                done.set(true);
                pool.shutdownNow();
            }
        }
    }

    /** Validation work directories in BACKUP_DIR right now. */
    private static int copies(Path backups) {
        try (Stream<Path> s = Files.list(backups)) {
            return (int) s.filter(p -> p.getFileName().toString().startsWith(".tmp-validate-")).count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
