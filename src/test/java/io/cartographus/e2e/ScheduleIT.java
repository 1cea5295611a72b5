package io.cartographus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler in the real jar: one catch-up backup after downtime, then the next slot. */
class ScheduleIT {
    @TempDir
    Path tmp;

    private static JsonNode list(AppProcess app, String trigger) throws Exception {
        return app.get("/api/v1/backup/list?trigger=" + trigger, AppProcess.ADMIN).json();
    }

    private static void await(String what, java.util.concurrent.Callable<Boolean> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    @Test
    void a_missed_slot_gives_exactly_one_catch_up_backup_at_start_then_retention_and_the_next_slot() throws Exception {
        Path data = tmp.resolve("data");
        Path backups = data.resolve("backups");
        Files.createDirectories(backups);
        // The service last ran a scheduled backup long ago, then was down.
        Files.writeString(backups.resolve("metadata.json"),
                "{\"version\":1,\"backups\":[],\"schedule\":{\"last_run\":\"2020-01-01T02:00:00Z\",\"next_run\":\"2020-01-01T03:00:00Z\"}}");
        AppProcess app = new AppProcess(data).withAdminToken()
                .set("BACKUP_SCHEDULE_ENABLED", "true").set("BACKUP_INTERVAL", "1h").set("BACKUP_TYPE", "database")
                .set("BACKUP_TIMEZONE", "UTC").set("BACKUP_RETENTION_MIN_COUNT", "2").set("BACKUP_VERIFY", "false");
        try (app) {
            app.start();
            Instant started = Instant.now();
            await("the catch-up backup", () -> list(app, "scheduled").path("backups").path(0).path("status").asText().equals("completed"));
            // MIN_COUNT=2 and one backup: retention, run after the successful scheduled backup, takes one more.
            await("the retention backup", () -> list(app, "retention").path("total").asInt() == 1);
            Thread.sleep(1000);

            JsonNode scheduled = list(app, "scheduled");
            assertThat(scheduled.path("total").asInt()).as(scheduled.toString()).isEqualTo(1);
            JsonNode b = scheduled.path("backups").path(0);
            assertThat(b.path("type").asText()).isEqualTo("database");
            assertThat(b.path("id").asText()).matches("\\d{8}-\\d{6}-database");
            // Taken right after the scheduled one, possibly in the same second: then it gets the -2 suffix.
            assertThat(list(app, "retention").path("backups").path(0).path("id").asText()).matches("\\d{8}-\\d{6}-database(-2)?");

            JsonNode status = app.get("/api/v1/backup/status", AppProcess.ADMIN).json();
            assertThat(status.path("scheduler_running").asBoolean()).as(status.toString()).isTrue();
            Instant next = Instant.parse(status.path("next_scheduled").asText());
            assertThat(next).isAfter(Instant.now()).isBeforeOrEqualTo(started.plus(Duration.ofHours(1)));
            assertThat(next.getEpochSecond() % 3600).as("on the hour (UTC)").isZero();

            JsonNode schedule = AppProcess.JSON.readTree(Files.readAllBytes(backups.resolve("metadata.json"))).path("schedule");
            assertThat(Instant.parse(schedule.path("last_run").asText())).isAfter(started.minusSeconds(60));
            assertThat(Instant.parse(schedule.path("next_run").asText())).isEqualTo(next);
            String gauge = app.get("/metrics", null).text().lines()
                    .filter(l -> l.startsWith("cartographus_backup_next_scheduled_timestamp ")).findFirst().orElseThrow();
            assertThat(Double.parseDouble(gauge.substring(gauge.indexOf(' ') + 1))).isEqualTo((double) next.getEpochSecond());

            app.stop();
            if (Instant.now().plusSeconds(20).isBefore(next)) {
                // No slot passed while it was down: a restart takes no catch-up backup.
                app.start();
                Thread.sleep(2000);
                assertThat(list(app, "scheduled").path("total").asInt()).isEqualTo(1);
                assertThat(app.get("/api/v1/backup/status", AppProcess.ADMIN).json().path("next_scheduled").asText())
                        .isEqualTo(next.toString());
            }
        }
        assertThat(app.logText()).contains("taking one catch-up backup now");
    }

    @Test
    void with_the_schedule_disabled_the_status_says_so() throws Exception {
        try (AppProcess app = new AppProcess(tmp.resolve("data")).withAdminToken().start()) {
            JsonNode status = app.get("/api/v1/backup/status", AppProcess.ADMIN).json();
            assertThat(status.path("scheduler_running").asBoolean()).isFalse();
            assertThat(status.path("next_scheduled").isNull()).isTrue();
        }
    }
}
