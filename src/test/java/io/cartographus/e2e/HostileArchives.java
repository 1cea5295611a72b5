package io.cartographus.e2e;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
