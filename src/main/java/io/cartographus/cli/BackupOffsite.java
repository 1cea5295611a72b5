package io.cartographus.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartographus.engine.Engine;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.offsite.RemoteBackup;
import io.cartographus.offsite.SyncReport;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code backup offsite sync|list}: the bucket seen from DATA_DIR. Offline only: a running server
 * uploads each new backup and mirrors each deletion by itself, and the catalog has one writer.
 */
final class BackupOffsite {
    private BackupOffsite() {
    }

    @Command(name = "offsite", description = "The off-site copy in BACKUP_OFFSITE_URL: sync, list.")
    static final class Group extends Cli.Group {
    }

    private static BackupException serverRunning() {
        return new BackupException(ErrorKind.BUSY, "a server is running on DATA_DIR: it uploads new backups and mirrors deletions by itself",
                "stop it to run this command on DATA_DIR (the catalog has one writer)", null);
    }

    @Command(name = "sync", description = {"Upload the backups the bucket lacks and delete there the ones deleted here.",
            "Backups only in the bucket that this machine never had (e.g. after a restore from the bucket) are kept unless --mirror."})
    static final class Sync extends BackupVerb {
        @Option(names = "--dry-run", description = "Only print what would be uploaded and deleted") boolean dryRun;
        @Option(names = "--mirror", description = "Also delete every backup in the bucket that the local catalog does not have")
        boolean mirror;

        Sync(Wiring wiring) {
            super(wiring);
        }

        @Override
        int api(ApiClient client) {
            throw serverRunning();
        }

        @Override
        int offline(Engine engine) throws IOException {
            SyncReport r = engine.offsite().sync(dryRun, mirror);
            if (connection.json) {
                print(r);
            } else {
                String would = r.dryRun() ? "would " : "";
                out.println((r.dryRun() ? "dry run: " : "") + r.location());
                show(would + "upload", r.uploaded());
                show(would + "delete", r.deleted());
                out.println("in sync: " + r.inSync().size());
                if (r.chunks() != null) {
                    SyncReport.Chunks c = r.chunks();
                    out.println("chunks:  " + (r.dryRun() ? "" : c.uploaded() + " uploaded (" + c.uploadedBytes() + " bytes), "
                            + c.deleted() + " deleted, ") + c.unreferenced() + " in the bucket that no backup references ("
                            + c.unreferencedBytes() + " bytes, kept)");
                }
                r.skipped().forEach(s -> out.println("skipped: " + s));
                r.errors().forEach(e -> out.println("error:   " + e));
                if (r.note() != null) {
                    out.println("note:    " + r.note());
                }
            }
            return r.ok() ? ExitCodes.OK : ExitCodes.UNAVAILABLE;
        }

        private void show(String what, List<String> ids) {
            out.println(what + ": " + (ids.isEmpty() ? "nothing" : String.join(", ", ids)));
        }
    }

    @Command(name = "list", description = "List the backups in the bucket, newest first, and whether this machine has them.")
    static final class ListRemote extends BackupVerb {
        ListRemote(Wiring wiring) {
            super(wiring);
        }

        @Override
        int api(ApiClient client) {
            throw serverRunning();
        }

        @Override
        boolean mayCreateDataDir() {
            // A fresh machine lists its bucket before it has any data.
            return true;
        }

        @Override
        int offline(Engine engine) throws IOException {
            List<RemoteBackup> remote = engine.offsite().remote();
            ArrayNode arr = json.createArrayNode();
            for (RemoteBackup b : remote) {
                ObjectNode n = arr.addObject();
                n.put("id", b.id());
                n.put("complete", b.complete());
                n.put("file_name", b.archive() == null ? null : b.archive().name());
                n.put("size_bytes", b.archive() == null ? 0 : b.archive().size());
                n.put("uploaded_at", b.record() == null ? null : String.valueOf(b.record().lastModified()));
                n.put("local_status", engine.catalog().get(b.id()).map(r -> r.status().label()).orElse(null));
            }
            if (connection.json) {
                ObjectNode root = json.createObjectNode();
                root.put("location", engine.offsite().location());
                root.set("backups", arr);
                print(root);
                return ExitCodes.OK;
            }
            out.println(engine.offsite().location());
            out.println(String.format(Locale.ROOT, "%-32s %10s  %-22s %-10s %s", "ID", "SIZE", "UPLOADED", "COMPLETE", "HERE"));
            arr.forEach(n -> out.println(String.format(Locale.ROOT, "%-32s %10s  %-22s %-10s %s", n.path("id").asText(),
                    Human.size(n.path("size_bytes").asLong()), n.path("uploaded_at").asText("-"),
                    n.path("complete").asBoolean() ? "yes" : "UNFINISHED", n.path("local_status").asText("-"))));
            long missing = engine.catalog().all().stream().filter(BackupRecord::isCompleted)
                    .filter(r -> remote.stream().noneMatch(b -> b.id().equals(r.id()) && b.complete())).count();
            out.println(remote.size() + " backup(s) in the bucket" + (missing > 0 ? "; " + missing
                    + " completed local backup(s) are not there (`backup offsite sync` uploads them)" : ""));
            return ExitCodes.OK;
        }
    }
}
