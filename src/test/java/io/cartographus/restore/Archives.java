package io.cartographus.restore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.config.BackupType;
import io.cartographus.catalog.Catalog;
import io.cartographus.catalog.Trigger;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Hand-made archives (hostile or tampered) and their registration as catalog records. */
final class Archives {
    static final ObjectMapper JSON = new ObjectMapper();

    private Archives() {
    }

    /** One tar entry: any type, any name; {@code declaredSize} may differ from the content (a lying header). */
    record Entry(String name, byte type, byte[] content, String link, long declaredSize) {
        static Entry file(String name, byte[] content) {
            return new Entry(name, TarArchiveEntry.LF_NORMAL, content, null, content.length);
        }

        static Entry special(String name, byte type) {
            boolean link = type == TarArchiveEntry.LF_SYMLINK || type == TarArchiveEntry.LF_LINK;
            return new Entry(name, type, new byte[0], link ? "/etc/passwd" : null, 0);
        }
    }

    /** The entries of a .tar.gz, in order. */
    static List<Entry> read(Path archive) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive)); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                out.add(Entry.file(e.getName(), tar.readAllBytes()));
            }
        }
        return out;
    }

    /** A gzipped tar of exactly these entries (names kept as given, '..' and '/' included). */
    static byte[] tarGz(List<Entry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes); TarArchiveOutputStream tar = new TarArchiveOutputStream(gz, "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Entry e : entries) {
                TarArchiveEntry t = new TarArchiveEntry(e.name(), e.type(), true);
                if (e.link() != null) {
                    t.setLinkName(e.link());
                }
                t.setSize(e.type() == TarArchiveEntry.LF_NORMAL ? e.declaredSize() : 0);
                tar.putArchiveEntry(t);
                if (e.type() == TarArchiveEntry.LF_NORMAL && e.content().length > 0) {
                    tar.write(e.content());
                }
                if (e.declaredSize() == e.content().length) {
                    tar.closeArchiveEntry();
                }
            }
            if (entries.stream().allMatch(e -> e.declaredSize() == e.content().length)) {
                tar.finish();
            }
        } catch (IOException e) {
            // A lying header makes closing complain; the bytes written so far are the point.
            if (entries.stream().allMatch(x -> x.declaredSize() == x.content().length)) {
                throw e;
            }
        }
        return bytes.toByteArray();
    }

    /** Our manifest's text for these files (sizes and hashes as given) and table counts. */
    static byte[] manifest(String backupId, String type, List<Entry> files, Map<String, Long> rows) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", 1);
        m.put("backup_id", backupId);
        m.put("type", type);
        m.put("trigger", "manual");
        m.put("created_at", "2026-01-01T02:00:00Z");
        m.put("database_file", "cartographus.duckdb");
        var list = m.putArray("files");
        for (Entry f : files) {
            list.addObject().put("name", f.name()).put("size", f.content().length).put("sha256", sha256(f.content()));
        }
        ObjectNode tables = m.putObject("tables");
        rows.forEach((t, n) -> tables.putObject(t).put("rows", n).put("fingerprint", "0"));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
    }

    /** Rewrites manifest.json of a .tar.gz backup; the other entries are kept byte for byte. */
    static byte[] withManifest(Path archive, Consumer<ObjectNode> change) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (Entry e : read(archive)) {
            if (e.name().equals("manifest.json")) {
                ObjectNode m = (ObjectNode) JSON.readTree(e.content());
                change.accept(m);
                entries.add(Entry.file(e.name(), JSON.writeValueAsBytes(m)));
            } else {
                entries.add(e);
            }
        }
        return tarGz(entries);
    }

    /** Puts the bytes into BACKUP_DIR as a completed backup with a matching checksum and sidecars. */
    static BackupRecord register(Catalog catalog, String id, byte[] archive) throws IOException {
        return register(catalog, id, BackupType.FULL, archive);
    }

    static BackupRecord register(Catalog catalog, String id, BackupType type, byte[] archive) throws IOException {
        String name = "backup-" + id + ".tar.gz";
        Files.write(catalog.files().archive(name), archive);
        String sum = sha256(archive);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        BackupRecord r = BackupRecord.starting(id, type, Trigger.MANUAL, now, "hand-made", "test")
                .completed(now, name, archive.length, sum, new BackupRecord.CompressionInfo("gzip", 6), null,
                        Map.of("playback_events", 1L), null, null);
        catalog.writeChecksumFile(id, sum, name);
        catalog.put(r);
        return r;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
