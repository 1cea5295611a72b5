package io.cartographus.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cartographus.auth.Role;
import io.cartographus.backup.BackupRequest;
import io.cartographus.backup.ArchiveSettings;
import io.cartographus.backup.Backups;
import io.cartographus.backup.InUse;
import io.cartographus.catalog.BackupCounts;
import io.cartographus.catalog.BackupId;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.BackupStatus;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Trigger;
import io.cartographus.chunks.DedupStore;
import io.cartographus.database.Database;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.cartographus.restore.ServicePause;
import io.cartographus.restore.SelfContainedExport;
import io.cartographus.validate.ArchiveVerifier;
import io.cartographus.validate.CheckOutcome;
import io.cartographus.validate.ValidationReport;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /api/v1/backup/…}: create, list, details, delete, download, validate, status. */
final class BackupRoutes {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final Backups backups;
    private final ArchiveVerifier verifier;
    private final ServicePause pause;
    private final StatusSources status;
    private final Database database;

    BackupRoutes(Backups backups, ArchiveVerifier verifier, ServicePause pause, StatusSources status, Database database) {
        this.database = database;
        this.backups = backups;
        this.verifier = verifier;
        this.pause = pause;
        this.status = status;
    }

    void register(RoutesConfig r, Auth auth, Json json) {
        r.post("/api/v1/backup/create", ctx -> create(ctx, auth, json));
        r.get("/api/v1/backup/list", ctx -> {
            auth.require(ctx, Role.VIEWER, "read");
            json.write(ctx, 200, list(ctx));
        });
        r.get("/api/v1/backup/status", ctx -> {
            auth.require(ctx, Role.VIEWER, "read");
            json.write(ctx, 200, status());
        });
        r.get("/api/v1/backup/download/{id}", ctx -> download(ctx, auth, json));
        // Without its own route, Javalin answers HEAD for a GET route itself: 200 with Content-Length 0, no token needed.
        r.head("/api/v1/backup/download/{id}", ctx -> downloadHead(ctx, auth));
        r.post("/api/v1/backup/validate/{id}", ctx -> {
            auth.require(ctx, Role.OPERATOR, "backup.validate");
            String id = id(ctx);
            json.object(ctx, Set.of());
            BackupRecord b = record(id);
            if (b.status() == io.cartographus.catalog.BackupStatus.IN_PROGRESS) {
                // Its archive is not written yet: "invalid" would be a false alarm, and the result is not final.
                throw new BackupException(ErrorKind.BUSY, "backup " + id + " is still being written; validate it once it completes",
                        "poll GET /api/v1/backup/" + id + " until its status is completed", null);
            }
            ValidationReport report = verifier.validate(b);
            CheckOutcome.record(backups.catalog(), id, report, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    "validate");
            json.write(ctx, 200, report);
        });
        r.get("/api/v1/backup/{id}", ctx -> {
            auth.require(ctx, Role.VIEWER, "read");
            json.write(ctx, 200, record(id(ctx)));
        });
        r.delete("/api/v1/backup/{id}", ctx -> {
            auth.require(ctx, Role.ADMIN, "backup.delete");
            String id = id(ctx);
            backups.delete(id);
            json.write(ctx, 200, Map.of("deleted", id));
        });
    }

    private void create(Context ctx, Auth auth, Json json) {
        auth.require(ctx, Role.OPERATOR, "backup.create");
        JsonNode body = json.object(ctx, Set.of("type", "notes"));
        String typeLabel = Json.text(body, "type");
        BackupType type = typeLabel == null ? BackupType.FULL : BackupType.parse(typeLabel);
        if (type == null) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "unknown backup type '" + typeLabel + "'; valid types: " + BackupType.validLabels());
        }
        String notes = Json.text(body, "notes");
        if (notes != null && notes.length() > BackupRequest.MAX_NOTES) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "notes must be at most " + BackupRequest.MAX_NOTES + " characters, got " + notes.length());
        }
        String wait = ctx.queryParam("wait");
        if (wait != null && !wait.equals("true") && !wait.equals("false")) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "query parameter wait must be true or false");
        }
        BackupRequest req = new BackupRequest(type, Trigger.MANUAL, notes);
        if ("false".equals(wait)) {
            BackupRecord started = backups.start(req);
            Auth.target(ctx, started.id());
            ctx.header("Location", "/api/v1/backup/" + started.id());
            json.write(ctx, 202, started);
            return;
        }
        BackupRecord done = backups.create(req);
        Auth.target(ctx, done.id());
        json.write(ctx, 200, done);
    }

    private Map<String, Object> list(Context ctx) {
        String typeLabel = ctx.queryParam("type");
        BackupType type = typeLabel == null ? null : BackupType.parse(typeLabel);
        if (typeLabel != null && type == null) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "unknown type '" + typeLabel + "'; valid types: " + BackupType.validLabels());
        }
        String statusLabel = ctx.queryParam("status");
        BackupStatus st = statusLabel == null ? null : BackupStatus.parse(statusLabel);
        if (statusLabel != null && st == null) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "unknown status '" + statusLabel + "'; valid: in_progress, completed, failed, corrupted");
        }
        String triggerLabel = ctx.queryParam("trigger");
        Trigger trigger = triggerLabel == null ? null : Trigger.parse(triggerLabel);
        if (triggerLabel != null && trigger == null) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "unknown trigger '" + triggerLabel + "'; valid: " + Trigger.validLabels());
        }
        int limit = QueryParams.boundedInt(ctx, "limit", 100, 1, 10_000);
        int offset = QueryParams.boundedInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        String sort = ctx.queryParam("sort_desc");
        if (sort != null && !sort.equals("true") && !sort.equals("false")) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "sort_desc must be true or false");
        }
        // The guide's scenario 3: the newest backup taken before a deletion is the one to compare and restore from.
        java.time.Instant before = instant(ctx, "before");
        java.time.Instant after = instant(ctx, "after");
        List<BackupRecord> all = backups.catalog().all();
        if ("false".equals(sort)) {
            all = new java.util.ArrayList<>(all);
            java.util.Collections.reverse(all);
        }
        List<BackupRecord> matching = all.stream()
                .filter(b -> type == null || b.type() == type)
                .filter(b -> st == null || b.status() == st)
                .filter(b -> trigger == null || b.trigger() == trigger)
                .filter(b -> before == null || b.createdAt().isBefore(before))
                .filter(b -> after == null || !b.createdAt().isBefore(after))
                .toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("backups", matching.stream().skip(offset).limit(limit).toList());
        out.put("total", matching.size());
        out.put("limit", limit);
        out.put("offset", offset);
        return out;
    }

    private static java.time.Instant instant(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null ? null : io.cartographus.host.PlaybackFilter.instant(name, v);
    }

    Map<String, Object> status() {
        List<BackupRecord> all = backups.catalog().all();
        BackupCounts counts = BackupCounts.of(all);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enabled", status.backupEnabled());
        out.put("scheduler_running", status.schedulerRunning().getAsBoolean());
        out.put("last_backup", counts.lastBackup() == null ? null : summary(counts.lastBackup()));
        out.put("last_success", counts.lastSuccess() == null ? null : summary(counts.lastSuccess()));
        java.time.Instant next = status.nextScheduled().get();
        out.put("next_scheduled", next == null ? null : next.toString());
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("total_count", counts.total());
        stats.put("completed_count", counts.completed());
        stats.put("failed_count", counts.failed());
        stats.put("corrupted_count", counts.corrupted());
        stats.put("total_size_bytes", counts.sizeBytes());
        stats.put("success_rate", counts.successRate());
        out.put("stats", stats);
        out.put("verification", counts.verification());
        out.put("scrub", status.scrub().get());
        io.cartographus.drill.Drill.Status drill = status.drill().get();
        out.put("last_drill", drill.lastDrill());
        out.put("next_drill", drill.nextDrill() == null ? null : drill.nextDrill().toString());
        out.put("running", backups.lock().running());
        out.put("progress", backups.lock().progress());
        // The live database, as health/ready sees it: the dashboard and the CLI offer a restore when it does not open.
        Map<String, Object> live = new LinkedHashMap<>();
        live.put("open", database.isOpen());
        live.put("reason", database.isOpen() ? null : database.unavailableReason());
        out.put("database", live);
        out.put("maintenance_mode", pause.maintenance());
        out.put("services_paused", pause.paused());
        Path dir = backups.catalog().files().dir();
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("backup_dir", dir.toString());
        try {
            storage.put("free_bytes", Files.getFileStore(dir).getUsableSpace());
        } catch (IOException e) {
            storage.put("free_bytes", null);
        }
        out.put("storage", storage);
        if (backups.job().dedup() != null) {
            DedupStore.Summary d = backups.job().dedup().summary(all);
            Map<String, Object> dedup = new LinkedHashMap<>();
            dedup.put("enabled", d.enabled());
            dedup.put("chunks", d.chunks());
            dedup.put("store_bytes", d.storeBytes());
            dedup.put("logical_bytes", d.logicalBytes());
            dedup.put("dedup_ratio", d.ratio());
            dedup.put("damaged_chunks", d.damagedChunks());
            out.put("dedup", dedup);
            stats.put("total_size_bytes", (Long) stats.get("total_size_bytes") + d.storeBytes());
        }
        // What opening the index found and fixed (rebuilt index, archives registered from their manifests).
        out.put("startup_notes", backups.catalog().startupNotes());
        return out;
    }

    private static Map<String, Object> summary(BackupRecord b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id());
        m.put("type", b.type());
        m.put("status", b.status());
        m.put("created_at", b.createdAt().toString());
        m.put("size_bytes", b.sizeBytes());
        m.put("verification", b.verification() == null ? null : b.verification().status());
        return m;
    }

    private void download(Context ctx, Auth auth, Json json) throws IOException {
        auth.require(ctx, Role.ADMIN, "backup.download");
        String id = id(ctx);
        BackupRecord r = record(id);
        if (!r.isCompleted() || r.fileName() == null) {
            throw new BackupException(ErrorKind.NOT_FOUND, "backup " + id + " has no archive to download (status " + r.status().label() + ")");
        }
        if (r.deduplicated()) {
            downloadSelfContained(ctx, r);
            return;
        }
        Path file = backups.catalog().files().archive(r.fileName());
        try (InUse.Claim claim = backups.inUse().claim(id); FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            long start = 0;
            long end = size - 1;
            String range = ctx.header("Range");
            boolean partial = false;
            if (range != null) {
                Matcher m = RANGE.matcher(range.trim());
                if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                    if (m.group(1).isEmpty()) {
                        start = Math.max(0, size - Math.min(size, digits(m.group(2))));
                    } else {
                        start = digits(m.group(1));
                        end = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, digits(m.group(2)));
                    }
                    if (start >= size || start > end) {
                        ctx.header("Content-Range", "bytes */" + size);
                        json.write(ctx, ErrorResponses.status(ErrorKind.RANGE_NOT_SATISFIABLE), ErrorResponses.body(ErrorKind.RANGE_NOT_SATISFIABLE,
                                "range " + range.trim() + " is outside the archive's " + size + " bytes", null));
                        return;
                    }
                    partial = true;
                }
            }
            long length = end - start + 1;
            ctx.status(partial ? 206 : 200);
            ctx.contentType(contentType(r.fileName()));
            ctx.header("Accept-Ranges", "bytes");
            ctx.header("Content-Disposition", "attachment; filename=\"" + r.fileName() + "\"");
            ctx.header("X-Backup-Checksum", "sha256=" + r.checksum());
            ctx.header("Content-Length", Long.toString(length));
            if (partial) {
                ctx.header("Content-Range", "bytes " + start + "-" + end + "/" + size);
            }
            Auth.target(ctx, id);
            OutputStream out = ctx.res().getOutputStream();
            ch.position(start);
            long copied = 0;
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 20);
            var sink = Channels.newChannel(out);
            while (copied < length) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), length - copied));
                int n = ch.read(buf);
                if (n < 0) {
                    break;
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    sink.write(buf);
                }
                copied += n;
            }
            out.flush();
        }
    }

    /**
     * What a download would send, without the bytes: the same refusals and headers, the archive's size
     * as Content-Length. A deduplicated backup's self-contained archive is built on the fly, so its
     * size is not known without building it: no Content-Length then.
     */
    private void downloadHead(Context ctx, Auth auth) throws IOException {
        auth.require(ctx, Role.ADMIN, "backup.download");
        String id = id(ctx);
        BackupRecord r = record(id);
        if (!r.isCompleted() || r.fileName() == null) {
            throw new BackupException(ErrorKind.NOT_FOUND, "backup " + id + " has no archive to download (status " + r.status().label() + ")");
        }
        ctx.status(200);
        if (r.deduplicated()) {
            String name = SelfContainedExport.fileName(r, backups.job().settings());
            ctx.contentType(contentType(name));
            ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
            return;
        }
        Path file = backups.catalog().files().archive(r.fileName());
        long size;
        try {
            size = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS).size();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BackupException(ErrorKind.NOT_FOUND, "backup " + id + " has no archive to download (its file is missing)");
        }
        ctx.contentType(contentType(r.fileName()));
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("Content-Disposition", "attachment; filename=\"" + r.fileName() + "\"");
        ctx.header("X-Backup-Checksum", "sha256=" + r.checksum());
        ctx.header("Content-Length", Long.toString(size));
    }

    /**
     * A deduplicated backup downloads as a self-contained archive built on the fly: its size and
     * checksum are not known beforehand, so there are no ranges and no checksum header; it is
     * validated before the first byte is sent (a damaged backup gets an error, not a file).
     */
    private void downloadSelfContained(Context ctx, BackupRecord r) throws IOException {
        try (InUse.Claim claim = backups.inUse().claim(r.id())) {
            ArchiveSettings settings = backups.job().settings();
            String name = SelfContainedExport.fileName(r, settings);
            OutputStream out = new java.io.BufferedOutputStream(ctx.res().getOutputStream(), 1 << 20) {
                private boolean started;

                @Override
                public synchronized void write(byte[] b, int off, int len) throws IOException {
                    start();
                    super.write(b, off, len);
                }

                @Override
                public synchronized void write(int b) throws IOException {
                    start();
                    super.write(b);
                }

                /** Headers go out with the first byte, so that a refusal before it is still a JSON error. */
                private void start() {
                    if (!started) {
                        started = true;
                        ctx.status(200);
                        ctx.contentType(contentType(name));
                        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
                    }
                }
            };
            SelfContainedExport.write(r, verifier, settings, backups.job().json(), out);
            out.flush();
        }
    }

    /** A byte position; one beyond 64 bits is beyond any file, too (bytes=99999999999999999999- was a 500). */
    private static long digits(String d) {
        try {
            return Long.parseLong(d);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    static String contentType(String fileName) {
        if (fileName.endsWith(".enc")) {
            return "application/octet-stream";
        }
        if (fileName.endsWith(".gz")) {
            return "application/gzip";
        }
        if (fileName.endsWith(".zst")) {
            return "application/zstd";
        }
        return "application/x-tar";
    }

    private BackupRecord record(String id) {
        return backups.catalog().get(id).orElseThrow(() -> new BackupException(ErrorKind.NOT_FOUND, "backup " + id + " not found"));
    }

    static String id(Context ctx) {
        String id = BackupId.require(ctx.pathParam("id"));
        Auth.target(ctx, id);
        return id;
    }
}
