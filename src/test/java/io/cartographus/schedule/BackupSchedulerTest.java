package io.cartographus.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cartographus.backup.OperationLock;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.ScheduleState;
import io.cartographus.catalog.Trigger;
import io.cartographus.notify.NotificationEvent;
import io.cartographus.restore.ServicePause;
import io.cartographus.testing.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupSchedulerTest {
    private static final Instant NOW = Instant.parse("2026-03-04T09:30:00Z");
    private static final Duration HOUR = Duration.ofHours(1);
    /** Every hour on the hour (1 h at preferred hour 2): the slot after 09:30 is 10:00. */
    private static final Instant NEXT = Instant.parse("2026-03-04T10:00:00Z");

    @TempDir
    Path tmp;

    /**
     * The real engine whose schedulers' clock is fixed: slots are at least half an hour away in real
     * time, so nothing runs unless a test runs it or asks for a catch-up or a short retry.
     */
    private TestEngine.Setup engine(Map<String, String> settings) {
        return TestEngine.on(tmp.resolve("data")).at(Clock.fixed(NOW, ZoneOffset.UTC))
                .with(Map.of("BACKUP_SCHEDULE_ENABLED", "true", "BACKUP_TIMEZONE", "UTC", "BACKUP_RETENTION_MIN_COUNT", "1",
                        "BACKUP_COMPRESSION_LEVEL", "1"))
                .with(settings);
    }

    /** A started scheduler: with no missed slot it only waits for 10:00, which never comes in a test. */
    private static BackupScheduler scheduler(TestEngine f, ServicePause pause, Duration busyRetryDelay, int busyRetries) {
        return f.scheduler(new SchedulerOptions(null, HOUR, 2, ZoneOffset.UTC, BackupType.DATABASE, busyRetryDelay, busyRetries), pause);
    }

    private static BackupScheduler scheduler(TestEngine f) {
        return scheduler(f, new ServicePause(false), Duration.ofMinutes(5), 3);
    }

    @Test
    void takes_one_catch_up_backup_at_start_after_downtime_then_waits_for_the_next_slot() throws Exception {
        try (TestEngine f = engine(Map.of()).start()) {
            f.engine().catalog().setSchedule(new ScheduleState(NOW.minus(Duration.ofDays(3)), null));
            BackupScheduler s = scheduler(f);
            await().atMost(Duration.ofSeconds(15)).until(() -> s.nextRun() != null && s.nextRun().equals(NEXT));
            Thread.sleep(300);

            assertThat(f.withTrigger(Trigger.SCHEDULED)).singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo(BackupStatus.COMPLETED));
            assertThat(s.running()).isTrue();
            assertThat(f.engine().catalog().schedule()).isEqualTo(new ScheduleState(NOW, NEXT));
            String index = Files.readString(f.engine().catalog().files().metadata());
            assertThat(index).contains("\"last_run\" : \"2026-03-04T09:30:00Z\"", "\"next_run\" : \"2026-03-04T10:00:00Z\"");
            assertThat(f.engine().metrics().scrape()).contains("cartographus_backup_next_scheduled");
        }
    }

    @Test
    void takes_no_backup_at_start_when_no_slot_was_missed() throws Exception {
        try (TestEngine f = engine(Map.of()).start()) {
            f.engine().catalog().setSchedule(new ScheduleState(Instant.parse("2026-03-04T09:00:00Z"), null));
            BackupScheduler s = scheduler(f);
            Thread.sleep(500);
            assertThat(f.engine().catalog().all()).isEmpty();
            assertThat(s.nextRun()).isEqualTo(NEXT);
        }
    }

    @Test
    void a_first_start_waits_for_the_first_slot() throws Exception {
        try (TestEngine f = engine(Map.of()).start()) {
            BackupScheduler s = scheduler(f);
            Thread.sleep(500);
            assertThat(f.engine().catalog().all()).isEmpty();
            assertThat(s.nextRun()).isEqualTo(NEXT);
            assertThat(f.engine().catalog().schedule()).isEqualTo(new ScheduleState(null, NEXT));
        }
    }

    @Test
    void a_slot_takes_a_backup_of_backup_type_with_trigger_scheduled() throws Exception {
        try (TestEngine f = engine(Map.of()).start()) {
            BackupScheduler s = scheduler(f);
            s.runNow(NOW);
            BackupRecord r = f.withTrigger(Trigger.SCHEDULED).get(0);
            assertThat(r.type()).isEqualTo(BackupType.DATABASE);
            assertThat(r.id()).endsWith("-database");
            assertThat(r.isCompleted()).isTrue();
            assertThat(s.nextRun()).isEqualTo(NEXT);
            assertThat(f.engine().catalog().schedule().lastRun()).isEqualTo(NOW);
        }
    }

    @Test
    void retention_runs_after_a_successful_scheduled_backup() throws Exception {
        try (TestEngine f = engine(Map.of("BACKUP_RETENTION_MIN_COUNT", "2", "BACKUP_TYPE", "config")).start()) {
            scheduler(f).runNow(NOW);
            // One completed backup is fewer than MIN_COUNT=2: retention takes one (of BACKUP_TYPE) first.
            assertThat(f.withTrigger(Trigger.SCHEDULED)).hasSize(1);
            assertThat(f.withTrigger(Trigger.RETENTION)).singleElement()
                    .satisfies(r -> assertThat(r.type()).isEqualTo(BackupType.CONFIG));
        }
    }

    @Test
    void a_failed_backup_skips_retention_is_counted_and_the_next_slot_is_still_scheduled() throws Exception {
        // The database is not open, so a database backup fails inside the backup job.
        try (TestEngine f = engine(Map.of("BACKUP_RETENTION_MIN_COUNT", "2", "BACKUP_TYPE", "config")).startClosed()) {
            BackupScheduler s = scheduler(f);
            s.runNow(NOW);
            s.runNow(NEXT);

            assertThat(f.withTrigger(Trigger.SCHEDULED)).hasSize(2).allMatch(r -> r.status() == BackupStatus.FAILED);
            assertThat(f.withTrigger(Trigger.RETENTION)).isEmpty();
            assertThat(s.nextRun()).isEqualTo(Instant.parse("2026-03-04T11:00:00Z"));
            assertThat(f.engine().catalog().schedule().lastRun()).isEqualTo(NEXT);
            assertThat(f.engine().metrics().scrape()).containsPattern("cartographus_backup_total\\{[^}]*status=\"failed\"[^}]*} 2\\.0");
            // The backup's own listener sent backup.failed; the scheduler does not send it twice.
            assertThat(f.sent()).isEmpty();
        }
    }

    @Test
    void no_backup_runs_while_services_are_paused_and_the_slot_is_skipped() throws Exception {
        try (TestEngine f = engine(Map.of()).start()) {
            BackupScheduler s = scheduler(f, new ServicePause(true), Duration.ofMinutes(5), 3);
            s.runNow(NOW);
            assertThat(f.engine().catalog().all()).isEmpty();
            assertThat(s.nextRun()).isEqualTo(NEXT);
            assertThat(f.engine().catalog().schedule().lastRun()).as("a skipped slot is not a run").isNull();
        }
    }

    @Test
    void a_slot_that_finds_the_lock_busy_is_retried_shortly_after() throws Exception {
        try (TestEngine f = engine(Map.of()).start()) {
            BackupScheduler s = scheduler(f, new ServicePause(false), Duration.ofMillis(300), 3);
            try (OperationLock.Lease restore = f.engine().backups().lock().acquire("restore of 20260101-020000-full")) {
                s.runNow(NOW);
                assertThat(s.nextRun()).isEqualTo(NOW.plusMillis(300));
                assertThat(f.engine().catalog().all()).isEmpty();
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> f.withTrigger(Trigger.SCHEDULED).size() == 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> NEXT.equals(s.nextRun()));
            assertThat(f.sent()).isEmpty();
        }
    }

    @Test
    void a_slot_still_busy_after_its_retries_is_skipped_and_notified() throws Exception {
        try (TestEngine f = engine(Map.of()).start()) {
            BackupScheduler s = scheduler(f, new ServicePause(false), Duration.ofMinutes(5), 0);
            try (OperationLock.Lease restore = f.engine().backups().lock().acquire("restore of 20260101-020000-full")) {
                s.runNow(NOW);
            }
            assertThat(f.engine().catalog().all()).isEmpty();
            assertThat(s.nextRun()).isEqualTo(NEXT);
            assertThat(f.sent()).singleElement().satisfies(e -> {
                assertThat(e.event()).isEqualTo(NotificationEvent.BACKUP_FAILED);
                assertThat(e.text()).contains("skipped", "restore of 20260101-020000-full");
            });
        }
    }

    @Test
    void disabled_scheduling_never_starts() throws Exception {
        try (TestEngine f = engine(Map.of()).start()) {
            BackupScheduler s = new BackupScheduler(f.engine().backups(), f.engine().pruner(),
                    new SchedulerOptions("BACKUP_SCHEDULE_ENABLED=false", HOUR, 2, ZoneOffset.UTC,
                            BackupType.FULL, Duration.ofMinutes(5), 3),
                    new SchedulerContext(new ServicePause(false), f.engine().metrics(), f.sent()::add, Clock.systemUTC()));
            f.engine().catalog().setSchedule(new ScheduleState(NOW.minus(Duration.ofDays(3)), null));
            s.start();
            Thread.sleep(300);
            assertThat(s.running()).isFalse();
            assertThat(s.nextRun()).isNull();
            assertThat(f.engine().catalog().all()).isEmpty();
            s.close();
        }
    }

    @Test
    void close_stops_the_scheduler() throws Exception {
        try (TestEngine f = engine(Map.of()).start()) {
            BackupScheduler s = scheduler(f);
            assertThat(s.running()).isTrue();
            s.close();
            assertThat(s.running()).isFalse();
            assertThat(s.nextRun()).isNull();
        }
    }
}
