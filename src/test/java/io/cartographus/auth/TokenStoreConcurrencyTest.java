package io.cartographus.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class TokenStoreConcurrencyTest {
    private static final int THREADS = 8;
    private static final int CREATED = 30;

    @TempDir
    Path dir;

    @Test
    void eight_threads_authenticate_correctly_while_tokens_are_created() throws Exception {
        TokenStore store = new TokenStore(dir.resolve("tokens.json"));
        CreatedToken existing = store.create("existing", Role.VIEWER);
        ConcurrentLinkedQueue<CreatedToken> created = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Integer>> readers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = 42 + t;
            readers.add(pool.submit(() -> {
                Random random = new Random(seed);
                start.await();
                int checks = 0;
                while (!done.get() || checks == 0) {
                    if (!store.authenticate(existing.token()).equals(java.util.Optional.of(existing.info()))) {
                        failures.add("existing token not recognised");
                    }
                    byte[] bytes = new byte[32];
                    random.nextBytes(bytes);
                    String wrong = "cgr_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                    if (store.authenticate(wrong).isPresent()) {
                        failures.add("random token accepted");
                    }
                    for (CreatedToken c : created) {
                        if (!store.authenticate(c.token()).equals(java.util.Optional.of(c.info()))) {
                            failures.add("token " + c.info().name() + " not recognised after create returned");
                        }
                    }
                    checks++;
                }
                return checks;
            }));
        }
        start.countDown();
        for (int i = 0; i < CREATED; i++) {
            created.add(store.create("token-" + i, Role.values()[i % 3]));
        }
        done.set(true);
        int checks = 0;
        for (Future<Integer> f : readers) {
            checks += f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(failures).isEmpty();
        assertThat(checks).isGreaterThanOrEqualTo(THREADS);
        assertThat(new TokenStore(dir.resolve("tokens.json")).list()).hasSize(CREATED + 1);
    }

    @Test
    void two_instances_creating_at_once_lose_no_token() throws Exception {
        Path file = dir.resolve("tokens.json");
        TokenStore a = new TokenStore(file);
        TokenStore b = new TokenStore(file);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<?> fa = pool.submit(() -> {
            for (int i = 0; i < 15; i++) {
                a.create("a-" + i, Role.VIEWER);
            }
        });
        Future<?> fb = pool.submit(() -> {
            for (int i = 0; i < 15; i++) {
                b.create("b-" + i, Role.VIEWER);
            }
        });
        fa.get(30, TimeUnit.SECONDS);
        fb.get(30, TimeUnit.SECONDS);
        pool.shutdown();

        assertThat(new TokenStore(file).list()).hasSize(30);
    }
}
