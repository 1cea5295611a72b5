package io.cartographus.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cartographus.audit.AuditLog;
import io.cartographus.auth.TokenStore;
import io.cartographus.backup.Backups;
import io.cartographus.database.Database;
import io.cartographus.diff.BackupDiff;
import io.cartographus.drill.Drill;
import io.cartographus.host.DataDeletion;
import io.cartographus.host.EventParser;
import io.cartographus.host.Stats;
import io.cartographus.host.SyncService;
import io.cartographus.metrics.BackupMetrics;
import io.cartographus.restore.Importer;
import io.cartographus.restore.RestoreService;
import io.cartographus.restore.ServicePause;
import io.cartographus.restore.tables.TableRestore;
import io.cartographus.retention.Pruner;
import io.cartographus.validate.ArchiveVerifier;
import io.cartographus.validate.StoreCheck;

/** Everything the HTTP edge serves, built by Main. */
public record ApiParts(
        Database database,
        SyncService sync,
        EventParser parser,
        Stats stats,
        ServicePause pause,
        Backups backups,
        ArchiveVerifier verifier,
        RestoreService restore,
        StatusSources status,
        TokenStore tokens,
        AuditLog audit,
        BackupMetrics metrics,
        ObjectMapper json,
        Pruner pruner,
        Importer importer,
        DataDeletion deletion,
        BackupDiff diff,
        TableRestore tableRestore,
        StoreCheck storeCheck,
        Drill drill) {
}
