package io.cartographus.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cartographus.notify.NotificationEvent;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackupMetricsTest {
    private static final Instant FINISHED = Instant.parse("2026-01-01T02:00:45Z");

    @TempDir
    Path dir;

    private final BackupMetrics metrics = BackupMetrics.create();

    /** Every method called once, so that the series that wait for a value are there too. */
    static BackupMetrics exercised(Path dir) {
        BackupMetrics m = BackupMetrics.create();
        m.backupInProgress(true);
        m.backupFinished("full", "completed", Duration.ofSeconds(45), 1_288_490_188L, FINISHED);
        m.backupFinished("database", "failed", Duration.ofSeconds(3), 0, FINISHED);
        m.backupInProgress(false);
        m.restoreFinished("completed", Duration.ofSeconds(12));
        m.verificationFinished("passed");
        m.retentionDeleted(2);
        m.nextScheduled(Instant.parse("2026-01-02T02:00:00Z"));
        m.webhookDelivered("backup.failed", "success");
        m.offsiteUploaded("completed");
        m.catalogSize(() -> 5);
        m.storage(dir, () -> 4096);
        m.corruptedBackups(() -> 1);
        m.scrubFinished(FINISHED, 3, 1);
        m.drillFinished(true, Duration.ofSeconds(7), FINISHED);
        m.drillFinished(false, Duration.ofSeconds(2), FINISHED.plusSeconds(60));
        return m;
    }

    @ParameterizedTest(name = "{0} is a {1}")
    @CsvSource({
        "cartographus_backup_total, counter",
        "cartographus_backup_duration_seconds, histogram",
        "cartographus_backup_size_bytes, gauge",
        "cartographus_backup_last_success_timestamp, gauge",
        "cartographus_restore_total, counter",
        "cartographus_restore_drill_total, counter",
        "cartographus_restore_drill_last_success_timestamp, gauge",
        "cartographus_restore_drill_duration_seconds, gauge",
        "cartographus_restore_duration_seconds, histogram",
        "cartographus_backup_verification_total, counter",
        "cartographus_retention_deleted_total, counter",
        "cartographus_backup_storage_used_bytes, gauge",
        "cartographus_backup_storage_free_bytes, gauge",
        "cartographus_backup_next_scheduled_timestamp, gauge",
        "cartographus_webhook_deliveries_total, counter",
        "cartographus_offsite_upload_total, counter",
        "cartographus_backup_catalog_entries, gauge",
        "cartographus_backup_in_progress, gauge",
        "cartographus_backup_corrupted, gauge",
        "cartographus_backup_scrub_last_run_timestamp, gauge",
        "cartographus_backup_scrub_checked_total, counter",
        "cartographus_backup_scrub_corrupted_total, counter",
    })
    void exposes_metric_with_exact_name_type_and_help(String name, String type) {
        String text = exercised(dir).scrape();
        assertThat(text).contains("# TYPE " + name + " " + type + "\n");
        Exposition e = Exposition.parse(text);
        assertThat(e.types).containsEntry(name, type);
        assertThat(e.helps.get(name)).as("help text of " + name).isNotBlank();
        assertThat(e.samples).anyMatch(s -> s.name().startsWith(name));
    }

    @Test
    void exposes_no_metric_family_beyond_the_documented_ones() {
        Exposition e = Exposition.parse(exercised(dir).scrape());
        assertThat(e.types.keySet()).containsExactlyInAnyOrder(
                "cartographus_backup_total", "cartographus_backup_duration_seconds",
                "cartographus_backup_duration_seconds_max", "cartographus_backup_size_bytes",
                "cartographus_backup_last_success_timestamp", "cartographus_restore_total",
                "cartographus_restore_duration_seconds", "cartographus_restore_duration_seconds_max",
                "cartographus_backup_verification_total", "cartographus_retention_deleted_total",
                "cartographus_backup_storage_used_bytes", "cartographus_backup_storage_free_bytes",
                "cartographus_backup_next_scheduled_timestamp", "cartographus_webhook_deliveries_total",
                "cartographus_offsite_upload_total", "cartographus_backup_catalog_entries",
                "cartographus_backup_in_progress", "cartographus_backup_corrupted",
                "cartographus_backup_scrub_last_run_timestamp", "cartographus_backup_scrub_checked_total",
                "cartographus_backup_scrub_corrupted_total", "cartographus_restore_drill_total",
                "cartographus_restore_drill_last_success_timestamp", "cartographus_restore_drill_duration_seconds");
    }

    @Test
    void a_failed_drill_counts_and_sets_the_duration_but_keeps_the_last_success() {
        metrics.drillFinished(true, Duration.ofMillis(7_500), FINISHED);
        metrics.drillFinished(false, Duration.ofSeconds(2), FINISHED.plusSeconds(3600));
        Exposition e = Exposition.parse(metrics.scrape());
        assertThat(e.require("cartographus_restore_drill_total", "status", "passed")).isEqualTo(1);
        assertThat(e.require("cartographus_restore_drill_total", "status", "failed")).isEqualTo(1);
        assertThat(e.require("cartographus_restore_drill_last_success_timestamp")).isEqualTo(FINISHED.getEpochSecond());
        assertThat(e.require("cartographus_restore_drill_duration_seconds")).isEqualTo(2.0);
    }

    @Test
    void drill_history_seed_sets_the_gauges_without_counting_a_drill() {
        metrics.drillSeen(FINISHED, Duration.ofMillis(1_250));
        Exposition e = Exposition.parse(metrics.scrape());
        assertThat(e.require("cartographus_restore_drill_last_success_timestamp")).isEqualTo(FINISHED.getEpochSecond());
        assertThat(e.require("cartographus_restore_drill_duration_seconds")).isEqualTo(1.25);
        assertThat(e.require("cartographus_restore_drill_total", "status", "passed")).isZero();
    }

    @Test
    void counters_exist_at_zero_for_every_label_combination_before_anything_happens() {
        Exposition e = Exposition.parse(metrics.scrape());
        for (String type : Set.of("full", "database", "config")) {
            for (String status : Set.of("completed", "failed")) {
                assertThat(e.require("cartographus_backup_total", "status", status, "type", type)).isZero();
            }
            assertThat(e.require("cartographus_backup_duration_seconds_count", "type", type)).isZero();
        }
        assertThat(e.require("cartographus_restore_total", "status", "completed")).isZero();
        assertThat(e.require("cartographus_restore_total", "status", "failed")).isZero();
        assertThat(e.require("cartographus_restore_drill_total", "status", "passed")).isZero();
        assertThat(e.require("cartographus_restore_drill_total", "status", "failed")).isZero();
        assertThat(e.require("cartographus_backup_verification_total", "status", "passed")).isZero();
        assertThat(e.require("cartographus_backup_verification_total", "status", "failed")).isZero();
        assertThat(e.require("cartographus_retention_deleted_total")).isZero();
        for (String event : NotificationEvent.EVENTS) {
            assertThat(e.require("cartographus_webhook_deliveries_total", "event", event, "outcome", "success")).isZero();
            assertThat(e.require("cartographus_webhook_deliveries_total", "event", event, "outcome", "failed")).isZero();
        }
        assertThat(e.require("cartographus_offsite_upload_total", "status", "completed")).isZero();
        assertThat(e.require("cartographus_offsite_upload_total", "status", "failed")).isZero();
        assertThat(e.require("cartographus_backup_in_progress")).isZero();
    }

    @Test
    void last_success_size_next_run_catalog_and_storage_are_absent_until_known() {
        Exposition e = Exposition.parse(metrics.scrape());
        for (String name : Set.of("cartographus_backup_last_success_timestamp", "cartographus_backup_size_bytes",
                "cartographus_restore_drill_last_success_timestamp", "cartographus_restore_drill_duration_seconds",
                "cartographus_backup_next_scheduled_timestamp", "cartographus_backup_catalog_entries",
                "cartographus_backup_storage_used_bytes", "cartographus_backup_storage_free_bytes")) {
            assertThat(e.types).doesNotContainKey(name);
            assertThat(e.samples).noneMatch(s -> s.name().equals(name));
        }
    }

    @Test
    void completed_backup_counts_and_sets_duration_size_and_last_success() {
        metrics.backupFinished("full", "completed", Duration.ofSeconds(45), 1_288_490_188L, FINISHED);
        Exposition e = Exposition.parse(metrics.scrape());
        assertThat(e.require("cartographus_backup_total", "status", "completed", "type", "full")).isEqualTo(1);
        assertThat(e.require("cartographus_backup_total", "status", "failed", "type", "full")).isZero();
        assertThat(e.require("cartographus_backup_size_bytes")).isEqualTo(1_288_490_188d);
        assertThat(e.require("cartographus_backup_last_success_timestamp")).isEqualTo(FINISHED.getEpochSecond());
        assertThat(e.require("cartographus_backup_duration_seconds_count", "type", "full")).isEqualTo(1);
        assertThat(e.require("cartographus_backup_duration_seconds_sum", "type", "full")).isEqualTo(45);
    }

    @Test
    void duration_histogram_buckets_are_cumulative_around_the_recorded_values() {
        metrics.backupFinished("database", "completed", Duration.ofSeconds(45), 1, FINISHED);
        metrics.backupFinished("database", "completed", Duration.ofMillis(500), 1, FINISHED);
        Exposition e = Exposition.parse(metrics.scrape());
        String b = "cartographus_backup_duration_seconds_bucket";
        assertThat(e.require(b, "type", "database", "le", "1.0")).isEqualTo(1);
        assertThat(e.require(b, "type", "database", "le", "30.0")).isEqualTo(1);
        assertThat(e.require(b, "type", "database", "le", "60.0")).isEqualTo(2);
        assertThat(e.require(b, "type", "database", "le", "7200.0")).isEqualTo(2);
        assertThat(e.require(b, "type", "database", "le", "+Inf")).isEqualTo(2);
        assertThat(e.require("cartographus_backup_duration_seconds_sum", "type", "database")).isEqualTo(45.5);
        assertThat(e.require(b, "type", "full", "le", "+Inf")).isZero();
    }

    @Test
    void failed_backup_is_counted_but_leaves_size_and_last_success_alone() {
        metrics.backupFinished("full", "completed", Duration.ofSeconds(45), 1000, FINISHED);
        metrics.backupFinished("full", "failed", Duration.ofSeconds(5), 0, FINISHED.plusSeconds(86_400));
        Exposition e = Exposition.parse(metrics.scrape());
        assertThat(e.require("cartographus_backup_total", "status", "failed", "type", "full")).isEqualTo(1);
        assertThat(e.require("cartographus_backup_size_bytes")).isEqualTo(1000);
        assertThat(e.require("cartographus_backup_last_success_timestamp")).isEqualTo(FINISHED.getEpochSecond());
        assertThat(e.require("cartographus_backup_duration_seconds_count", "type", "full")).isEqualTo(1);
    }

    @Test
    void last_success_seed_sets_gauges_without_counting_a_backup() {
        metrics.lastSuccess(Instant.parse("2025-12-31T02:00:00.250Z"), 777);
        Exposition e = Exposition.parse(metrics.scrape());
        assertThat(e.require("cartographus_backup_last_success_timestamp"))
                .isCloseTo(Instant.parse("2025-12-31T02:00:00Z").getEpochSecond() + 0.25, within(1e-3));
        assertThat(e.require("cartographus_backup_size_bytes")).isEqualTo(777);
        assertThat(e.require("cartographus_backup_total", "status", "completed", "type", "full")).isZero();
    }

    @Test
    void restore_verification_retention_webhook_and_offsite_counters_count() {
        metrics.restoreFinished("failed", Duration.ofSeconds(2));
        metrics.restoreFinished("completed", Duration.ofSeconds(90));
        metrics.verificationFinished("failed");
        metrics.retentionDeleted(3);
        metrics.retentionDeleted(0);
        metrics.webhookDelivered("backup.failed", "failed");
        metrics.webhookDelivered("backup.failed", "failed");
        metrics.offsiteUploaded("failed");
        Exposition e = Exposition.parse(metrics.scrape());
        assertThat(e.require("cartographus_restore_total", "status", "failed")).isEqualTo(1);
        assertThat(e.require("cartographus_restore_total", "status", "completed")).isEqualTo(1);
        assertThat(e.require("cartographus_restore_duration_seconds_count")).isEqualTo(2);
        assertThat(e.require("cartographus_restore_duration_seconds_sum")).isEqualTo(92);
        assertThat(e.require("cartographus_backup_verification_total", "status", "failed")).isEqualTo(1);
        assertThat(e.require("cartographus_backup_verification_total", "status", "passed")).isZero();
        assertThat(e.require("cartographus_retention_deleted_total")).isEqualTo(3);
        assertThat(e.require("cartographus_webhook_deliveries_total", "event", "backup.failed", "outcome", "failed"))
                .isEqualTo(2);
        assertThat(e.require("cartographus_offsite_upload_total", "status", "failed")).isEqualTo(1);
    }

    @Test
    void in_progress_goes_to_one_and_back_to_zero() {
        metrics.backupInProgress(true);
        assertThat(Exposition.parse(metrics.scrape()).require("cartographus_backup_in_progress")).isEqualTo(1);
        metrics.backupInProgress(false);
        assertThat(Exposition.parse(metrics.scrape()).require("cartographus_backup_in_progress")).isZero();
    }

    @Test
    void next_scheduled_appears_changes_and_disappears() {
        metrics.nextScheduled(Instant.parse("2026-01-02T02:00:00Z"));
        assertThat(Exposition.parse(metrics.scrape()).require("cartographus_backup_next_scheduled_timestamp"))
                .isEqualTo(1_767_319_200d);
        metrics.nextScheduled(Instant.parse("2026-01-03T02:00:00Z"));
        assertThat(Exposition.parse(metrics.scrape()).require("cartographus_backup_next_scheduled_timestamp"))
                .isEqualTo(1_767_405_600d);
        metrics.nextScheduled(null);
        assertThat(Exposition.parse(metrics.scrape()).value("cartographus_backup_next_scheduled_timestamp")).isEmpty();
        metrics.nextScheduled(Instant.parse("2026-01-04T02:00:00Z"));
        assertThat(Exposition.parse(metrics.scrape()).require("cartographus_backup_next_scheduled_timestamp"))
                .isEqualTo(1_767_492_000d);
    }

    @Test
    void catalog_size_and_used_storage_are_read_at_each_scrape() {
        AtomicInteger entries = new AtomicInteger(3);
        AtomicLong used = new AtomicLong(10_000);
        metrics.catalogSize(entries::get);
        metrics.storage(dir, used::get);
        Exposition first = Exposition.parse(metrics.scrape());
        entries.set(4);
        used.set(25_000);
        Exposition second = Exposition.parse(metrics.scrape());
        assertThat(first.require("cartographus_backup_catalog_entries")).isEqualTo(3);
        assertThat(second.require("cartographus_backup_catalog_entries")).isEqualTo(4);
        assertThat(first.require("cartographus_backup_storage_used_bytes")).isEqualTo(10_000);
        assertThat(second.require("cartographus_backup_storage_used_bytes")).isEqualTo(25_000);
    }

    @Test
    void free_storage_is_the_usable_space_of_the_backup_directory() throws Exception {
        metrics.storage(dir, () -> 0);
        double free = Exposition.parse(metrics.scrape()).require("cartographus_backup_storage_free_bytes");
        long usable = Files.getFileStore(dir).getUsableSpace();
        // Other processes write to the same disk meanwhile; 1% is plenty to tell this from total space or 0.
        assertThat(free).isPositive().isCloseTo(usable, within(usable * 0.01));
        assertThat(free).isLessThanOrEqualTo(Files.getFileStore(dir).getTotalSpace());
    }

    @Test
    void free_storage_is_NaN_when_the_directory_is_missing_instead_of_failing_the_scrape() {
        metrics.storage(dir.resolve("gone"), () -> 0);
        assertThat(Exposition.parse(metrics.scrape()).require("cartographus_backup_storage_free_bytes")).isNaN();
    }

    @Test
    void suppliers_handed_in_survive_garbage_collection() {
        metrics.catalogSize(() -> 7);
        metrics.storage(dir, () -> 9);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Exposition e = Exposition.parse(metrics.scrape());
        assertThat(e.require("cartographus_backup_catalog_entries")).isEqualTo(7);
        assertThat(e.require("cartographus_backup_storage_used_bytes")).isEqualTo(9);
    }

    @Test
    void a_second_catalog_supplier_replaces_the_first() {
        metrics.catalogSize(() -> 1);
        metrics.catalogSize(() -> 2);
        assertThat(Exposition.parse(metrics.scrape()).require("cartographus_backup_catalog_entries")).isEqualTo(2);
    }

    @Test
    void content_type_is_the_text_format_0_0_4_the_client_library_writes() {
        assertThat(metrics.contentType())
                .isEqualTo("text/plain; version=0.0.4; charset=utf-8")
                .isEqualTo(PrometheusTextFormatWriter.CONTENT_TYPE);
        assertThat(metrics.scrape()).isEqualTo(metrics.registry().scrape(metrics.contentType()));
    }

    @Test
    void rejects_negative_deletions_and_null_labels() {
        assertThatThrownBy(() -> metrics.retentionDeleted(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> metrics.backupFinished(null, "completed", Duration.ZERO, 0, FINISHED))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("type");
    }
}
