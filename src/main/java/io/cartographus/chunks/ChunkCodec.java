package io.cartographus.chunks;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import io.cartographus.config.Compression;
import io.cartographus.crypto.ChunkCipher;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Turns a plaintext chunk into its stored form and back: compressed with the configured algorithm
 * and level, then sealed when a {@link ChunkCipher} is given. Decoding checks everything: the
 * name's form, authentication, the decompressed size bound, and that the plaintext hashes to
 * what the manifest says and to the name (plain SHA-256, or the keyed hash it was sealed under).
 */
public final class ChunkCodec {
    private final Compression compression;
    private final int level;
    private final ChunkCipher cipher;
    private final boolean seal;

    /**
     * @param cipher opens sealed chunks (any configured key) and, with {@code seal}, seals new
     *     ones with the current key; null: no keys (sealed chunks cannot be read)
     * @param seal whether new chunks are encrypted (BACKUP_ENCRYPTION_ENABLED)
     */
    public ChunkCodec(Compression compression, int level, ChunkCipher cipher, boolean seal) {
        if (seal && (cipher == null || !cipher.canSeal())) {
            throw new IllegalArgumentException("sealing chunks needs a cipher with a current key");
        }
        this.compression = compression;
        this.level = level;
        this.cipher = cipher;
        this.seal = seal;
    }

    /** A chunk as it goes into the store. */
    public record Encoded(String file, byte[] bytes) {
    }

    /** Whether new chunks are sealed. */
    public boolean sealing() {
        return seal;
    }

    /** The id (64 hex digits) a plaintext chunk is stored under, given its SHA-256. */
    public String id(byte[] plain, int length, String sha256) {
        return sealing() ? cipher.name(plain, length) : sha256;
    }

    /** The stored form of a chunk whose id is {@code id}. */
    public Encoded encode(String id, byte[] plain, int length) {
        byte[] packed = compress(plain, length);
        if (sealing()) {
            String file = id + ChunkName.SEALED;
            return new Encoded(file, cipher.seal(file, code(compression), packed, packed.length));
        }
        return new Encoded(id + ChunkName.suffix(compression), packed);
    }

    /**
     * The plaintext of a stored chunk, checked to hash to {@code sha256} and to its name.
     *
     * @param expectedSize the plaintext size the manifest gives (at most {@link ChunkGrid#MAX_CHUNK})
     */
    public byte[] decode(String file, byte[] stored, int expectedSize, String sha256) {
        ChunkName.require(file);
        String suffix = ChunkName.suffix(file);
        byte[] plain;
        ChunkCipher.Opened opened = null;
        if (suffix.equals(ChunkName.SEALED)) {
            if (cipher == null) {
                throw new BackupException(ErrorKind.INVALID_REQUEST, "chunk " + file + " is encrypted and no key is configured",
                        "set BACKUP_ENCRYPTION_KEY (or BACKUP_ENCRYPTION_OLD_KEYS) to the key it was made with", null);
            }
            opened = cipher.open(file, stored);
            plain = decompress(file, opened.content(), compression(file, opened.compression()), expectedSize);
        } else {
            plain = decompress(file, stored, ChunkName.compression(suffix), expectedSize);
        }
        if (plain.length != expectedSize) {
            throw damaged(file, "it holds " + plain.length + " bytes, the manifest says " + expectedSize);
        }
        String actual = sha256(plain, plain.length);
        if (!actual.equals(sha256)) {
            throw damaged(file, "its content hashes to " + actual + ", the manifest says " + sha256);
        }
        boolean named = opened == null ? ChunkName.id(file).equals(actual) : cipher.named(ChunkName.id(file), plain, plain.length, opened);
        if (!named) {
            throw damaged(file, "its content does not match its name (a chunk stored under another's name)");
        }
        return plain;
    }

    private byte[] compress(byte[] plain, int length) {
        try {
            return switch (compression) {
                case NONE -> Arrays.copyOf(plain, length);
                case ZSTD -> zstd(plain, length);
                case GZIP -> gzip(plain, length);
            };
        } catch (IOException e) {
            throw new BackupException(ErrorKind.INTERNAL, "cannot compress a chunk: " + e.getMessage(), e);
        }
    }

    private byte[] zstd(byte[] plain, int length) {
        byte[] out = new byte[(int) Zstd.compressBound(length)];
        long n = Zstd.compressByteArray(out, 0, out.length, plain, 0, length, level);
        if (Zstd.isError(n)) {
            throw new BackupException(ErrorKind.INTERNAL, "cannot compress a chunk: " + Zstd.getErrorName(n));
        }
        return Arrays.copyOf(out, (int) n);
    }

    private byte[] gzip(byte[] plain, int length) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 64 * 1024) {
            {
                def.setLevel(level);
            }
        }) {
            gz.write(plain, 0, length);
        }
        return bytes.toByteArray();
    }

    private static byte[] decompress(String file, byte[] stored, Compression c, int expectedSize) {
        if (c == Compression.NONE) {
            return stored;
        }
        if (c == Compression.ZSTD) {
            return unzstd(file, stored, expectedSize);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
            // One byte more than allowed shows a chunk that expands beyond its size without reading it all.
            return in.readNBytes(Math.min(expectedSize, ChunkGrid.MAX_CHUNK) + 1);
        } catch (IOException e) {
            throw damaged(file, "it does not decompress (" + e.getMessage() + ")");
        }
    }

    /**
     * In one call into a buffer of exactly the size the manifest gives, not through a stream: the
     * stream's buffering made decoding a third of a restore's time. A chunk that would expand beyond
     * that size fails here without more being written.
     */
    private static byte[] unzstd(String file, byte[] stored, int expectedSize) {
        byte[] out = new byte[Math.min(expectedSize, ChunkGrid.MAX_CHUNK)];
        long n;
        try {
            n = Zstd.decompressByteArray(out, 0, out.length, stored, 0, stored.length);
        } catch (ZstdException e) {
            throw damaged(file, "it does not decompress to at most " + out.length + " bytes (" + e.getMessage() + ")");
        }
        if (Zstd.isError(n)) {
            throw damaged(file, "it does not decompress to at most " + out.length + " bytes (" + Zstd.getErrorName(n) + ")");
        }
        return n == out.length ? out : Arrays.copyOf(out, (int) n);
    }

    private static Compression compression(String file, int code) {
        return switch (code) {
            case 0 -> Compression.NONE;
            case 1 -> Compression.GZIP;
            case 2 -> Compression.ZSTD;
            default -> throw damaged(file, "unknown compression code " + code);
        };
    }

    private static int code(Compression c) {
        return switch (c) {
            case NONE -> 0;
            case GZIP -> 1;
            case ZSTD -> 2;
        };
    }

    static BackupException damaged(String file, String why) {
        return new BackupException(ErrorKind.CORRUPT_ARCHIVE, "chunk " + file + " is damaged: " + why);
    }

    static String sha256(byte[] b, int length) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(b, 0, length);
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
