package io.cartographus.crypto;

import static io.cartographus.crypto.TestCiphers.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures encryption throughput and its overhead on the backup pipeline (file, SHA-256, cipher,
 * compressor) for about 500 MB. Takes about four minutes, so it runs only when asked:
 * {@code mvn -o test -Dtest=ArchiveCipherThroughputTest -Dcrypto.benchmark=true}; results are
 * printed to target/surefire-reports/*-output.txt.
 */
@EnabledIfSystemProperty(named = "crypto.benchmark", matches = "true")
class ArchiveCipherThroughputTest {
    private static final int CHUNK = 8 * 1024 * 1024;
    private static final int CHUNKS = 60;
    private static final double MB = 1_000_000.0;

    @TempDir
    Path dir;

    private final ArchiveCipher cipher = new ArchiveCipher("a", KEY_A, Map.of());
    private final ArchiveCipher cheapKdf = new ArchiveCipher("a", KEY_A, Map.of(),
            new EncryptionParameters(64, 1, 1, EncryptionParameters.defaults().segmentSize()));
    private final byte[] chunk = halfCompressible();

    @Test
    void measures_throughput_and_overhead() throws Exception {
        long plaintext = (long) CHUNK * CHUNKS;
        long t = 0;
        for (int i = 0; i < 3; i++) {
            t = System.nanoTime();
            DerivedKey.derive(KEY_A, new byte[16], EncryptionParameters.defaults());
        }
        System.out.printf("Argon2id (64 MiB, t=3, p=2), third run: %d ms (paid once per archive written or read)%n",
                (System.nanoTime() - t) / 1_000_000);

        // The machine is shared: wall time is noisy, so this also reports the CPU time of the
        // writing thread (zstd and gzip compress on it) and keeps the best of three rounds, which
        // also leaves out the first, JIT-cold one (AES-GCM runs at 60 MB/s before C2 kicks in).
        // "per byte" uses a trivial Argon2id, to separate the cost per byte from the fixed one.
        for (String compression : new String[] {"none", "zstd-6", "gzip-6"}) {
            double[][] best = new double[3][];
            for (int round = 0; round < 3; round++) {
                best[0] = best(best[0], run(compression, null));
                best[1] = best(best[1], run(compression, cipher));
                best[2] = best(best[2], run(compression, cheapKdf));
            }
            System.out.printf("%-7s plain %5.0f ms (%4.0f MB/s) | encrypted %5.0f ms, %+5.1f %% (cpu %+5.1f %%)"
                    + " | per byte only %5.0f ms, %+5.1f %% (cpu %+5.1f %%)%n",
                    compression, best[0][0], plaintext / MB / (best[0][0] / 1000),
                    best[1][0], overhead(best[1][0], best[0][0]), overhead(best[1][1], best[0][1]),
                    best[2][0], overhead(best[2][0], best[0][0]), overhead(best[2][1], best[0][1]));
        }

        Path file = dir.resolve("only-encrypted.enc");
        t = System.nanoTime();
        try (OutputStream out = cipher.encrypting(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            for (int i = 0; i < CHUNKS; i++) {
                out.write(chunk);
            }
        }
        double encryptMs = (System.nanoTime() - t) / 1e6;
        t = System.nanoTime();
        long read = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = cipher.decrypting(Files.newInputStream(file))) {
            for (int n; (n = in.read(buf)) >= 0;) {
                read += n;
            }
        }
        double decryptMs = (System.nanoTime() - t) / 1e6;
        assertThat(read).isEqualTo(plaintext);
        System.out.printf("cipher alone, %d MB to and from a file: encrypt %.0f MB/s, decrypt %.0f MB/s (ciphertext %d bytes)%n",
                (long) (plaintext / MB), plaintext / MB / (encryptMs / 1000), plaintext / MB / (decryptMs / 1000),
                Files.size(file));

        Path zst = dir.resolve("zstd.enc");
        writePipeline(zst, "zstd-6", cipher, CHUNKS);
        t = System.nanoTime();
        read = 0;
        try (InputStream in = new ZstdInputStream(cipher.decrypting(Files.newInputStream(zst)))) {
            for (int n; (n = in.read(buf)) >= 0;) {
                read += n;
            }
        }
        System.out.printf("restore side, zstd-6 + decrypt: %.0f MB/s of plaintext%n",
                plaintext / MB / ((System.nanoTime() - t) / 1e9));
    }

    /** Wall and CPU milliseconds to write the data through the backup pipeline into a file. */
    private double[] run(String compression, ArchiveCipher encryption) throws IOException, NoSuchAlgorithmException {
        Path file = dir.resolve("archive-" + compression);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long t = System.nanoTime();
        writePipeline(file, compression, encryption, CHUNKS);
        double[] ms = {(System.nanoTime() - t) / 1e6, (threads.getCurrentThreadCpuTime() - cpu) / 1e6};
        Files.delete(file);
        return ms;
    }

    private static double[] best(double[] best, double[] measured) {
        return best == null ? measured : new double[] {Math.min(best[0], measured[0]), Math.min(best[1], measured[1])};
    }

    private static double overhead(double encrypted, double plain) {
        return 100 * (encrypted - plain) / plain;
    }

    private void writePipeline(Path file, String compression, ArchiveCipher encryption, int chunks)
            throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        OutputStream sink = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), sha);
        OutputStream layer = encryption == null ? sink : encryption.encrypting(sink);
        try (OutputStream out = compressor(compression, layer)) {
            // In 64 KiB pieces, as tar copies a file.
            for (int i = 0; i < chunks; i++) {
                for (int at = 0; at < CHUNK; at += 1 << 16) {
                    out.write(chunk, at, 1 << 16);
                }
            }
        }
    }

    private static OutputStream compressor(String compression, OutputStream out) throws IOException {
        switch (compression) {
            case "zstd-6":
                return new ZstdOutputStream(out, 6);
            case "gzip-6":
                GzipParameters p = new GzipParameters();
                p.setCompressionLevel(6);
                return new GzipCompressorOutputStream(out, p);
            default:
                return out;
        }
    }

    /** Half random bytes, half repeated text, in 4 KiB pages: compresses to about half, like table data. */
    private static byte[] halfCompressible() {
        byte[] b = new byte[CHUNK];
        Random random = new Random(1);
        byte[] text = "2026-01-01T02:00:00Z|sensor-0042|OK|temperature=21.5|".getBytes();
        for (int page = 0; page < CHUNK; page += 4096) {
            byte[] noise = new byte[2048];
            random.nextBytes(noise);
            System.arraycopy(noise, 0, b, page, 2048);
            for (int i = 2048; i < 4096; i++) {
                b[page + i] = text[i % text.length];
            }
        }
        return b;
    }
}
