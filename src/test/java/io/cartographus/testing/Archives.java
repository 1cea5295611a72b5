package io.cartographus.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.cartographus.catalog.BackupRecord;
import io.cartographus.catalog.Catalog;
import io.cartographus.catalog.Trigger;
import io.cartographus.config.BackupType;
import io.cartographus.config.Compression;
import io.cartographus.database.TableStats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Archives made by hand, for unit and end-to-end tests alike: tars of exactly the entries given
 * (hostile names, links, devices, lying headers), compressed as our backups are, registered as
 * catalog records; and, from one real backup, the archives an attacker would upload
 * ({@link #from}): the manifest and the other entries genuine, only the hostile part different.
 */
public final class Archives {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The entries of the real archive the hostile ones are made from, in order. */
    private final List<Entry> real;
    private final byte[] realTarGz;

    private Archives(byte[] realTarGz) throws IOException {
        this.realTarGz = realTarGz.clone();
        this.real = read(realTarGz);
    }

    /** The hostile variants of {@code realTarGz}, a real .tar.gz backup. */
    public static Archives from(byte[] realTarGz) throws IOException {
        return new Archives(realTarGz);
    }

    /** One tar entry: any type, any name; {@code declaredSize} may differ from the content (a lying header). */
    public record Entry(String name, byte type, byte[] content, String link, long declaredSize) {
        public static Entry file(String name, byte[] content) {
            return new Entry(name, TarArchiveEntry.LF_NORMAL, content, null, content.length);
        }

        public static Entry file(String name, String content) {
            return file(name, text(content));
        }

        /** A link (to /etc/passwd), device, FIFO or directory: no content. */
        public static Entry special(String name, byte type) {
            boolean link = type == TarArchiveEntry.LF_SYMLINK || type == TarArchiveEntry.LF_LINK;
            return new Entry(name, type, new byte[0], link ? "/etc/passwd" : null, 0);
        }

        boolean honest() {
            return declaredSize == content.length;
        }
    }

    /** Alternates runs of random bytes with runs of repetitive text, like a database file. */
    public static byte[] mixed(Random random, int size) {
        byte[] data = new byte[size];
        String[] words = {"cartographus", "tile", "layer", "2026-01-01", "null", "42", "north", "{\"id\":", "},"};
        int pos = 0;
        while (pos < size) {
            int run = Math.min(size - pos, 1 + random.nextInt(64 * 1024));
            if (random.nextBoolean()) {
                byte[] chunk = new byte[run];
                random.nextBytes(chunk);
                System.arraycopy(chunk, 0, data, pos, run);
            } else {
                for (int i = 0; i < run; ) {
                    byte[] w = (words[random.nextInt(words.length)] + ' ').getBytes(StandardCharsets.US_ASCII);
                    int n = Math.min(w.length, run - i);
                    System.arraycopy(w, 0, data, pos + i, n);
                    i += n;
                }
            }
            pos += run;
        }
        return data;
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A tar of exactly these entries, built with commons-compress: absolute names and '..' are kept.
     * An entry whose header lies about its size is left unfinished, as a cut-off upload would be.
     */
    public static byte[] tar(List<Entry> entries) throws IOException {
        boolean honest = entries.stream().allMatch(Entry::honest);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, "UTF-8")) {
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
                if (e.honest()) {
                    tar.closeArchiveEntry();
                }
            }
        } catch (IOException e) {
            // A lying header makes closing complain; the bytes written so far are the point.
            if (honest) {
                throw e;
            }
        }
        return bytes.toByteArray();
    }

    public static byte[] tarGz(List<Entry> entries) throws IOException {
        return gzip(tar(entries));
    }

    public static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = gzipStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    public static OutputStream gzipStream(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 64 * 1024);
    }

    public static byte[] zstd(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream z = new ZstdOutputStreamNoFinalizer(bytes, 3).setChecksum(true)) {
            z.write(data);
        }
        return bytes.toByteArray();
    }

    public static byte[] compress(byte[] tar, Compression c) throws IOException {
        return switch (c) {
            case NONE -> tar;
            case GZIP -> gzip(tar);
            case ZSTD -> zstd(tar);
        };
    }

    /** The entries of a .tar.gz, in order. */
    public static List<Entry> read(Path archive) throws IOException {
        return read(Files.readAllBytes(archive));
    }

    private static List<Entry> read(byte[] tarGz) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tarGz)); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                out.add(Entry.file(e.getName(), tar.readAllBytes()));
            }
        }
        return out;
    }

    /** Our manifest's text for these files (sizes and hashes as given) and table counts. */
    public static byte[] manifest(String backupId, String type, List<Entry> files, Map<String, Long> rows) throws IOException {
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
    public static byte[] withManifest(Path archive, Consumer<ObjectNode> change) throws IOException {
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

    /** Puts the bytes into BACKUP_DIR as a completed full backup with a matching checksum and sidecars. */
    public static BackupRecord register(Catalog catalog, String id, byte[] archive) throws IOException {
        return register(catalog, id, BackupType.FULL, archive);
    }

    public static BackupRecord register(Catalog catalog, String id, BackupType type, byte[] archive) throws IOException {
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

    /** Runs a command in {@code dir}; returns its output; fails the test on a non-zero exit. */
    public static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), text).isZero();
        return text;
    }

    /**
     * Entries that climb out, links, devices, a decompression bomb, headers that lie about sizes,
     * damage: name → bytes.
     */
    public Map<String, byte[]> all() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String name : List.of("../../escaped", "/tmp/cartographus-escaped-absolute", "database/../../../escaped",
                "./../escaped", "..\\..\\escaped", "config/" + "../".repeat(40) + "escaped-long-name")) {
            out.put("entry named " + shorten(name), withExtra(tar -> file(tar, name, text("pwned"))));
        }
        out.put("pax header renaming an entry to ../escaped", withExtra(tar -> {
            TarArchiveEntry e = new TarArchiveEntry("innocent");
            e.addPaxHeader("path", "../../escaped-pax");
            put(tar, e, text("pwned"));
        }));
        out.put("symlink to /etc/passwd", withExtra(tar -> link(tar, "config/passwd", "/etc/passwd", TarArchiveEntry.LF_SYMLINK)));
        out.put("symlink out then a file through it", withExtra(tar -> {
            link(tar, "config/out", "../../..", TarArchiveEntry.LF_SYMLINK);
            file(tar, "config/out/escaped-through-link", text("pwned"));
        }));
        out.put("hard link to /etc/passwd", withExtra(tar -> link(tar, "config/hard", "/etc/passwd", TarArchiveEntry.LF_LINK)));
        out.put("character device", withExtra(tar -> device(tar, "config/null", TarArchiveEntry.LF_CHR)));
        out.put("block device", withExtra(tar -> device(tar, "config/sda", TarArchiveEntry.LF_BLK)));
        out.put("FIFO", withExtra(tar -> device(tar, "config/fifo", TarArchiveEntry.LF_FIFO)));
        out.put("database replaced by a symlink", rebuilt(tar -> {
            for (Entry e : real) {
                if (e.name().startsWith("database/")) {
                    link(tar, e.name(), "/etc/passwd", TarArchiveEntry.LF_SYMLINK);
                } else {
                    file(tar, e.name(), e.content());
                }
            }
        }));
        out.put("decompression bomb: 256 MiB of zeros where the manifest promises the database", rebuilt(tar -> {
            for (Entry e : real) {
                if (e.name().startsWith("database/")) {
                    TarArchiveEntry big = new TarArchiveEntry(e.name());
                    big.setSize(256L << 20);
                    tar.putArchiveEntry(big);
                    byte[] zeros = new byte[1 << 20];
                    for (int i = 0; i < 256; i++) {
                        tar.write(zeros);
                    }
                    tar.closeArchiveEntry();
                } else {
                    file(tar, e.name(), e.content());
                }
            }
        }));
        out.put("header claiming a 1 PiB entry", truncatedAfterHeader(1L << 50));
        out.put("duplicate database entry", withExtra(tar -> {
            for (Entry e : real) {
                if (e.name().startsWith("database/")) {
                    file(tar, e.name(), text("not the database"));
                }
            }
        }));
        out.put("no manifest", rebuilt(tar -> {
            for (Entry e : real) {
                if (!e.name().equals("manifest.json")) {
                    file(tar, e.name(), e.content());
                }
            }
        }));
        out.put("manifest of an unknown type", rebuilt(tar -> {
            for (Entry e : real) {
                byte[] c = e.name().equals("manifest.json")
                        ? text(new String(e.content(), StandardCharsets.UTF_8).replaceFirst("\"type\"\\s*:\\s*\"[a-z-]+\"", "\"type\" : \"everything\""))
                        : e.content();
                file(tar, e.name(), c);
            }
        }));
        out.put("a tar.gz inside, named as the database", rebuilt(tar -> {
            for (Entry e : real) {
                file(tar, e.name(), e.name().startsWith("database/") ? realTarGz : e.content());
            }
        }));
        out.put("first half of a real archive", Arrays.copyOf(realTarGz, realTarGz.length / 2));
        byte[] flipped = realTarGz.clone();
        flipped[flipped.length / 2] ^= 0x5a;
        out.put("one flipped byte in a real archive", flipped);
        out.put("1 KiB of garbage", text("garbage!".repeat(128)));
        out.put("a gzip stream of nothing", gzip(new byte[0]));
        out.put("plain text", text("this is not an archive\n"));
        return out;
    }

    /**
     * Archives whose database was changed with SQL by someone holding a real backup, the manifest
     * rewritten to match (sizes, hashes, row counts, fingerprints), so that every check but the
     * schema's passes: name → bytes. {@code createdAt} goes into the manifest (null: unchanged).
     */
    public Map<String, byte[]> untrustedDatabases(Path work, Path secret, Instant createdAt) throws IOException, SQLException {
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

    /**
     * Archives whose config/config.json would not start the service (each with a manifest that matches
     * it): name → bytes. The database is the real one.
     */
    public Map<String, byte[]> untrustedConfigs(Instant createdAt) throws IOException {
        ObjectNode doc = (ObjectNode) JSON.readTree(realEntry("config/config.json").content());
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("not JSON", replaced("config/config.json", text("BACKUP_INTERVAL=24h\n"), null, createdAt));
        out.put("an unknown key JAVA_TOOL_OPTIONS", withSetting(doc, "JAVA_TOOL_OPTIONS", "-javaagent:/tmp/x.jar", createdAt));
        out.put("a key with a newline", withSetting(doc, "BACKUP_INTERVAL\nBACKUP_X", "1h", createdAt));
        out.put("a number where a string belongs", withSetting(doc, "BACKUP_RETENTION_MAX_COUNT", null, createdAt));
        out.put("an interval out of range", withSetting(doc, "BACKUP_INTERVAL", "5m", createdAt));
        out.put("an hour out of range", withSetting(doc, "BACKUP_PREFERRED_HOUR", "25", createdAt));
        return out;
    }

    /** The real archive with a manifest of its own dated {@code createdAt}: valid in every other way. */
    public byte[] redated(Instant createdAt) throws IOException {
        Entry config = realEntry("config/config.json");
        return replaced(config.name(), config.content(), null, createdAt);
    }

    private Entry realEntry(String name) {
        return real.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    private byte[] withDatabase(Path work, Instant createdAt, String... sql) throws IOException, SQLException {
        Entry db = real.stream().filter(e -> e.name().startsWith("database/") && !e.name().endsWith(".wal")).findFirst().orElseThrow();
        Path file = Files.createTempFile(work, "hostile-", ".duckdb");
        Files.delete(file);
        Files.write(file, db.content());
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
        return replaced(db.name(), changed, tables, createdAt);
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
        Entry manifestEntry = realEntry("manifest.json");
        ObjectNode manifest = (ObjectNode) JSON.readTree(manifestEntry.content());
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
                file(tar, e.name(), e.name().equals(name) ? content : e == manifestEntry ? manifestBytes : e.content());
            }
        });
    }

    private interface TarWork {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    /** The real entries, then the hostile ones. */
    private byte[] withExtra(TarWork extra) throws IOException {
        return rebuilt(tar -> {
            for (Entry e : real) {
                file(tar, e.name(), e.content());
            }
            extra.write(tar);
        });
    }

    /** A .tar.gz written by {@code work} entry by entry: pax headers, devices and sizes beyond what {@link Entry} describes. */
    private static byte[] rebuilt(TarWork work) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(gzipStream(bytes))) {
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
