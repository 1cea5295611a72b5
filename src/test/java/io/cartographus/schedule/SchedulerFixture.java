package io.cartographus.schedule;

import io.cartographus.engine.Engine;
import io.cartographus.Main;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Trigger;
import io.cartographus.config.ConfigLoader;
import io.cartographus.notify.NotificationEvent;
import io.cartographus.restore.ServicePause;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real engine (as Main builds it) on a temporary DATA_DIR, and a scheduler on it whose clock is
 * fixed: slots are at least half an hour away in real time, so nothing runs unless a test runs it or
 * asks for a catch-up or a short retry.
 */
final class SchedulerFixture implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-03-04T09:30:00Z");
    static final Duration HOUR = Duration.ofHours(1);

    final Engine engine;
    final List<NotificationEvent> sent = new CopyOnWriteArrayList<>();
    private BackupScheduler scheduler;

    SchedulerFixture(Path tmp, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        env.put("DATA_DIR", tmp.resolve("data").toString());
        env.put("BACKUP_TIMEZONE", "UTC");
        env.put("BACKUP_VERIFY", "false");
        env.put("BACKUP_RETENTION_MIN_COUNT", "1");
        env.put("BACKUP_COMPRESSION_LEVEL", "1");
        env.putAll(settings);
        engine = new Main().engine(ConfigLoader.load(env, tmp));
    }

    SchedulerFixture openDatabase() {
        engine.database().open();
        return this;
    }

    /** A started scheduler: with no missed slot it only waits for 10:00, which never comes in a test. */
    BackupScheduler scheduler(ServicePause pause, Duration busyRetryDelay, int busyRetries) {
        SchedulerOptions options = new SchedulerOptions(null, HOUR, 2, ZoneOffset.UTC, BackupType.DATABASE, busyRetryDelay,
                busyRetries);
        scheduler = new BackupScheduler(engine.backups(), engine.pruner(), options,
                new SchedulerContext(pause, engine.metrics(), sent::add, Clock.fixed(NOW, ZoneOffset.UTC)));
        scheduler.start();
        return scheduler;
    }

    BackupScheduler scheduler() {
        return scheduler(new ServicePause(false), Duration.ofMinutes(5), 3);
    }

    List<BackupRecord> withTrigger(Trigger t) {
        return engine.catalog().all().stream().filter(r -> r.trigger() == t).toList();
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.close();
        }
        engine.close();
    }
}
