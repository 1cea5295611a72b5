package io.cartographus.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.audit.AuditLog;
import io.cartographus.auth.TokenStore;
import io.cartographus.backup.Backups;
import io.cartographus.catalog.Catalog;
import io.cartographus.config.AppConfig;
import io.cartographus.database.Database;
import io.cartographus.diff.BackupDiff;
import io.cartographus.drill.Drill;
import io.cartographus.metrics.BackupMetrics;
import io.cartographus.offsite.Offsite;
import io.cartographus.restore.Importer;
import io.cartographus.restore.RestoreService;
import io.cartographus.restore.ServicePause;
import io.cartographus.restore.tables.TableRestore;
import io.cartographus.retention.Pruner;
import io.cartographus.schedule.BackupScheduler;
import io.cartographus.validate.ArchiveVerifier;
import io.cartographus.validate.Scrubber;
import io.cartographus.validate.StoreCheck;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The backup engine as a library: everything a server or an offline CLI command needs, built by
 * Main. Closing it stops background work and closes the database.
 */
public record Engine(
        AppConfig config,
        List<String> warnings,
        ObjectMapper json,
        Database database,
        Catalog catalog,
        Backups backups,
        ArchiveVerifier verifier,
        RestoreService restore,
        ServicePause pause,
        TokenStore tokens,
        AuditLog audit,
        BackupMetrics metrics,
        Pruner pruner,
        BackupScheduler scheduler,
        List<AutoCloseable> shutdownOrder,
        Offsite offsite,
        Importer importer,
        BackupDiff diff,
        TableRestore tableRestore,
        Scrubber scrubber,
        StoreCheck storeCheck,
        Drill drill) implements AutoCloseable {

    /**
     * Stops background work in the order given (backups and verification first, notifications last),
     * closes the database, and releases the data directory's lock (the last element) at the very end.
     */
    @Override
    public void close() {
        List<AutoCloseable> before = shutdownOrder.subList(0, shutdownOrder.size() - 1);
        for (AutoCloseable c : before) {
            try {
                c.close();
            } catch (Exception ex) {
                org.slf4j.LoggerFactory.getLogger(Engine.class).warn("closing {}: {}", c, ex.getMessage());
            }
        }
        database.close();
        try {
            shutdownOrder.get(shutdownOrder.size() - 1).close();
        } catch (Exception ex) {
            org.slf4j.LoggerFactory.getLogger(Engine.class).warn("releasing the data directory lock: {}", ex.getMessage());
        }
    }

    /** An executor as a closeable: no new work, then up to a minute for what is running. */
    public static AutoCloseable closing(ExecutorService e) {
        return () -> {
            e.shutdown();
            if (!e.awaitTermination(60, TimeUnit.SECONDS)) {
                e.shutdownNow();
            }
        };
    }
}
