package io.cartographus.archive;

import io.cartographus.config.Compression;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Test fixtures: seeded data, hand-built (hostile) tars, compression, and the real command-line tools. */
final class TestArchives {
    private TestArchives() {
    }

    /** Alternates runs of random bytes with runs of repetitive text, like a database file. */
    static byte[] mixed(Random random, int size) {
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

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One entry of a hand-built tar: any type, any name. */
    record Raw(String name, byte type, byte[] content, String linkName) {
        static Raw file(String name, byte[] content) {
            return new Raw(name, TarArchiveEntry.LF_NORMAL, content, null);
        }

        static Raw file(String name, String content) {
            return file(name, content.getBytes(StandardCharsets.UTF_8));
        }

        static Raw of(String name, byte type) {
            return new Raw(name, type, new byte[0], type == TarArchiveEntry.LF_SYMLINK || type == TarArchiveEntry.LF_LINK ? "/etc/passwd" : null);
        }
    }

    /** A tar built with commons-compress exactly as given: absolute names and '..' are kept. */
    static byte[] tar(List<Raw> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Raw raw : entries) {
                TarArchiveEntry e = new TarArchiveEntry(raw.name(), raw.type(), true);
                if (raw.linkName() != null) {
                    e.setLinkName(raw.linkName());
                }
                e.setSize(raw.type() == TarArchiveEntry.LF_NORMAL ? raw.content().length : 0);
                tar.putArchiveEntry(e);
                if (raw.type() == TarArchiveEntry.LF_NORMAL) {
                    tar.write(raw.content());
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    static OutputStream gzipStream(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 64 * 1024);
    }

    static byte[] zstd(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream z = new ZstdOutputStreamNoFinalizer(bytes, 3).setChecksum(true)) {
            z.write(data);
        }
        return bytes.toByteArray();
    }

    static byte[] compress(byte[] tar, Compression c) throws IOException {
        return switch (c) {
            case NONE -> tar;
            case GZIP -> gzip(tar);
            case ZSTD -> zstd(tar);
        };
    }

    /** Runs a command in {@code dir}; returns its stdout; fails the test on a non-zero exit. */
    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), text).isZero();
        return text;
    }
}
