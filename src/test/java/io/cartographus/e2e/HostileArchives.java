package io.cartographus.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cartographus.database.TableStats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Archives an attacker would upload, built from a real backup (so that the manifest and the other
 * entries are genuine and only the hostile part differs): entries that climb out, links, devices,
 * a decompression bomb, headers that lie about sizes, damage. Each is name → bytes.
 */
final class HostileArchives {
    private static final ObjectMapper JSON = AppProcess.JSON;

    private record Entry(String name, byte[] content) {
    }

    private final List<Entry> real = new ArrayList<>();

    HostileArchives(byte[] realTarGz) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(realTarGz)))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                real.add(new Entry(e.getName(), in.readAllBytes()));
            }
        }
    }

    Map<String, byte[]> all(byte[] realTarGz) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String name : List.of("../../escaped", "/tmp/cartographus-escaped-absolute", "database/../../../escaped",
                "./../escaped", "..\\..\\escaped", "config/" + "../".repeat(40) + "escaped-long-name")) {
            out.put("entry named " + shorten(name), withExtra(tar -> file(tar, name, "pwned".getBytes(StandardCharsets.UTF_8))));
        }
        out.put("pax header renaming an entry to ../escaped", withExtra(tar -> {
            TarArchiveEntry e = new TarArchiveEntry("innocent");
            e.addPaxHeader("path", "../../escaped-pax");
            put(tar, e, "pwned".getBytes(StandardCharsets.UTF_8));
        }));
        out.put("symlink to /etc/passwd", withExtra(tar -> link(tar, "config/passwd", "/etc/passwd", TarArchiveEntry.LF_SYMLINK)));
        out.put("symlink out then a file through it", withExtra(tar -> {
            link(tar, "config/out", "../../..", TarArchiveEntry.LF_SYMLINK);
            file(tar, "config/out/escaped-through-link", "pwned".getBytes(StandardCharsets.UTF_8));
        }));
        out.put("hard link to /etc/passwd", withExtra(tar -> link(tar, "config/hard", "/etc/passwd", TarArchiveEntry.LF_LINK)));
        out.put("character device", withExtra(tar -> device(tar, "config/null", TarArchiveEntry.LF_CHR)));
        out.put("block device", withExtra(tar -> device(tar, "config/sda", TarArchiveEntry.LF_BLK)));
        out.put("FIFO", withExtra(tar -> device(tar, "config/fifo", TarArchiveEntry.LF_FIFO)));
        out.put("database replaced by a symlink", rebuilt(tar -> {
            for (Entry e : real) {
                if (e.name.startsWith("database/")) {
                    link(tar, e.name, "/etc/passwd", TarArchiveEntry.LF_SYMLINK);
                } else {
                    file(tar, e.name, e.content);
                }
            }
        }));
        out.put("decompression bomb: 256 MiB of zeros where the manifest promises the database", rebuilt(tar -> {
            for (Entry e : real) {
                if (e.name.startsWith("database/")) {
                    TarArchiveEntry big = new TarArchiveEntry(e.name);
                    big.setSize(256L << 20);
                    tar.putArchiveEntry(big);
                    byte[] zeros = new byte[1 << 20];
                    for (int i = 0; i < 256; i++) {
                        tar.write(zeros);
                    }
                    tar.closeArchiveEntry();
                } else {
                    file(tar, e.name, e.content);
                }
            }
        }));
        out.put("header claiming a 1 PiB entry", truncatedAfterHeader(1L << 50));
        out.put("duplicate database entry", withExtra(tar -> {
            for (Entry e : real) {
                if (e.name.startsWith("database/")) {
                    file(tar, e.name, "not the database".getBytes(StandardCharsets.UTF_8));
                }
            }
        }));
        out.put("no manifest", rebuilt(tar -> {
            for (Entry e : real) {
                if (!e.name.equals("manifest.json")) {
                    file(tar, e.name, e.content);
                }
            }
        }));
        out.put("manifest of an unknown type", rebuilt(tar -> {
            for (Entry e : real) {
                byte[] c = e.name.equals("manifest.json")
                        ? new String(e.content, StandardCharsets.UTF_8).replaceFirst("\"type\"\\s*:\\s*\"[a-z-]+\"", "\"type\" : \"everything\"")
                                .getBytes(StandardCharsets.UTF_8)
                        : e.content;
                file(tar, e.name, c);
            }
        }));
        out.put("a tar.gz inside, named as the database", rebuilt(tar -> {
            for (Entry e : real) {
                file(tar, e.name, e.name.startsWith("database/") ? realTarGz : e.content);
            }
        }));
        out.put("first half of a real archive", Arrays.copyOf(realTarGz, realTarGz.length / 2));
        byte[] flipped = realTarGz.clone();
        flipped[flipped.length / 2] ^= 0x5a;
        out.put("one flipped byte in a real archive", flipped);
        out.put("1 KiB of garbage", "garbage!".repeat(128).getBytes(StandardCharsets.UTF_8));
        out.put("a gzip stream of nothing", gzip(new byte[0]));
        out.put("plain text", "this is not an archive\n".getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /**
     * Archives whose database was changed with SQL by someone holding a real backup, the manifest
     * rewritten to match (sizes, hashes, row counts, fingerprints), so that every check but the
     * schema's passes: name → bytes. {@code createdAt} goes into the manifest (null: unchanged).
     */
    Map<String, byte[]> untrustedDatabases(Path work, Path secret, Instant createdAt) throws IOException, SQLException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("playback_events as a view over read_csv of a file", withDatabase(work, createdAt, "DROP TABLE playback_events",
                "CREATE VIEW playback_events AS SELECT column0 AS id, 1::BIGINT AS user_id, NULL AS username, NULL AS title,"
                        + " NULL AS media_type, now() AS started_at, now() AS stopped_at, 1 AS duration_s, NULL AS ip_address,"
                        + " NULL AS platform, NULL AS player, NULL AS city, column0 AS country, 0.0 AS latitude, 0.0 AS longitude,"
                        + " now() AS synced_at FROM read_csv('" + secret + "', header = false)"));
        out.put("an extra macro count_star", withDatabase(work, createdAt, "CREATE MACRO count_star() AS 7"));
        out.put("an extra schema", withDatabase(work, createdAt, "CREATE SCHEMA extra"));
        out.put("a dropped column", withDatabase(work, createdAt, "ALTER TABLE playback_events DROP COLUMN country"));
        out.put("an added NOT NULL column", withDatabase(work, createdAt, "ALTER TABLE playback_events ADD COLUMN extra INTEGER DEFAULT 1",
                "ALTER TABLE playback_events ALTER COLUMN extra SET NOT NULL"));
        return out;
    }

    private byte[] withDatabase(Path work, Instant createdAt, String... sql) throws IOException, SQLException {
        Entry db = real.stream().filter(e -> e.name.startsWith("database/") && !e.name.endsWith(".wal")).findFirst().orElseThrow();
        Path file = Files.createTempFile(work, "hostile-", ".duckdb");
        Files.delete(file);
        Files.write(file, db.content);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
            for (String step : sql) {
                s.execute(step);
            }
        }
        Map<String, TableStats> tables;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file)) {
            tables = TableStats.compute(c);
        }
        byte[] changed = Files.readAllBytes(file);
        Files.delete(file);
        return replaced(db.name, changed, tables, createdAt);
    }

    /**
     * Archives whose config/config.json would not start the service (each with a manifest that matches
     * it): name → bytes. The database is the real one.
     */
    Map<String, byte[]> untrustedConfigs(Instant createdAt) throws IOException {
        Entry config = real.stream().filter(e -> e.name.equals("config/config.json")).findFirst().orElseThrow();
        ObjectNode doc = (ObjectNode) JSON.readTree(config.content);
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("not JSON", replaced(config.name, "BACKUP_INTERVAL=24h\n".getBytes(StandardCharsets.UTF_8), null, createdAt));
        out.put("an unknown key JAVA_TOOL_OPTIONS", withSetting(doc, "JAVA_TOOL_OPTIONS", "-javaagent:/tmp/x.jar", createdAt));
        out.put("a key with a newline", withSetting(doc, "BACKUP_INTERVAL\nBACKUP_X", "1h", createdAt));
        out.put("a number where a string belongs", withSetting(doc, "BACKUP_RETENTION_MAX_COUNT", null, createdAt));
        out.put("an interval out of range", withSetting(doc, "BACKUP_INTERVAL", "5m", createdAt));
        out.put("an hour out of range", withSetting(doc, "BACKUP_PREFERRED_HOUR", "25", createdAt));
        return out;
    }

    /** The real archive with a manifest of its own dated {@code createdAt}: valid in every other way. */
    byte[] redated(Instant createdAt) throws IOException {
        Entry config = real.stream().filter(e -> e.name.equals("config/config.json")).findFirst().orElseThrow();
        return replaced(config.name, config.content, null, createdAt);
    }

    /** {@code value} null: the number 7 instead of a string. */
    private byte[] withSetting(ObjectNode doc, String name, String value, Instant createdAt) throws IOException {
        ObjectNode changed = doc.deepCopy();
        ObjectNode env = (ObjectNode) changed.path("environment");
        if (value == null) {
            env.put(name, 7);
        } else {
            env.put(name, value);
        }
        return replaced("config/config.json", JSON.writeValueAsBytes(changed), null, createdAt);
    }

    /**
     * The real archive with one entry's content replaced and the manifest rewritten to match, as
     * someone holding the archive would: its size and hash, the tables (when given), a backup id
     * of its own (else the upload would be a duplicate of the real one) and {@code createdAt} (if given).
     */
    private byte[] replaced(String name, byte[] content, Map<String, TableStats> tables, Instant createdAt) throws IOException {
        Entry manifestEntry = real.stream().filter(e -> e.name.equals("manifest.json")).findFirst().orElseThrow();
        ObjectNode manifest = (ObjectNode) JSON.readTree(manifestEntry.content);
        for (JsonNode f : manifest.path("files")) {
            if (f.path("name").asText().equals(name)) {
                ((ObjectNode) f).put("size", content.length).put("sha256", sha256(content));
            }
        }
        if (tables != null) {
            manifest.set("tables", JSON.valueToTree(tables));
        }
        if (createdAt != null) {
            manifest.put("created_at", createdAt.toString());
        }
        manifest.put("backup_id", "planted-" + sha256(content).substring(0, 12));
        byte[] manifestBytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        return rebuilt(tar -> {
            for (Entry e : real) {
                file(tar, e.name, e.name.equals(name) ? content : e == manifestEntry ? manifestBytes : e.content);
            }
        });
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    interface TarWork {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    /** The real entries, then the hostile ones. */
    private byte[] withExtra(TarWork extra) throws IOException {
        return rebuilt(tar -> {
            for (Entry e : real) {
                file(tar, e.name, e.content);
            }
            extra.write(tar);
        });
    }

    private static byte[] rebuilt(TarWork work) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(bytes);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            work.write(tar);
        }
        return bytes.toByteArray();
    }

    /** A gzip whose tar header announces {@code size} bytes, followed by a few and the end of the stream. */
    private static byte[] truncatedAfterHeader(long size) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        TarArchiveOutputStream tar = new TarArchiveOutputStream(raw);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
        TarArchiveEntry e = new TarArchiveEntry("database/cartographus.duckdb");
        e.setSize(size);
        tar.putArchiveEntry(e);
        tar.write(new byte[4096]);
        tar.flush();
        return gzip(raw.toByteArray());
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GzipCompressorOutputStream(bytes)) {
            gz.write(content);
        }
        return bytes.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        put(tar, new TarArchiveEntry(name, true), content);
    }

    private static void put(TarArchiveOutputStream tar, TarArchiveEntry e, byte[] content) throws IOException {
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream tar, String name, String target, byte type) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void device(TarArchiveOutputStream tar, String name, byte type) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setDevMajor(1);
        e.setDevMinor(3);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 20) + "…(" + s.length() + " chars)" : s;
    }
}
