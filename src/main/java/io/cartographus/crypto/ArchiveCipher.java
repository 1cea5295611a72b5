package io.cartographus.crypto;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import io.cartographus.config.EncryptionConfig;
import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Encrypts and decrypts backup archives as streams (format in {@code package-info.java}).
 * Encryption always uses the current key; decryption picks the key by the id in the archive's
 * header, among the current key and the old keys kept for backups made before a rotation.
 * Safe to share between threads; its only changing state is the key derived ahead for the next
 * archive ({@link #prepareNext()}).
 */
public final class ArchiveCipher {
    /** The key id used when BACKUP_ENCRYPTION_KEY is set without BACKUP_ENCRYPTION_KEY_ID. */
    public static final String DEFAULT_KEY_ID = "default";
    /** The guide's minimum for BACKUP_ENCRYPTION_KEY. */
    static final int MIN_KEY_LENGTH = 32;
    private static final String HKDF = "HmacSha256";
    private static final int AES_256 = 32;

    private final String currentKeyId;
    private final Map<String, String> keys;
    private final EncryptionParameters parameters;
    private final SecureRandom random = new SecureRandom();
    private final GcmWarmUp warmUp = new GcmWarmUp();
    /** The next archive's key, being derived ahead of need; guarded by {@code this}. */
    private CompletableFuture<NextKey> nextKey;

    /** A fresh salt and what Argon2id made of it with the current key: used for one archive only. */
    private record NextKey(byte[] salt, DerivedKey derived) {
    }

    /** With {@link EncryptionParameters#defaults()}. */
    public ArchiveCipher(String currentKeyId, String currentKey, Map<String, String> oldKeys) {
        this(currentKeyId, currentKey, oldKeys, EncryptionParameters.defaults());
    }

    /**
     * @param currentKeyId id written into new archives; null means {@value #DEFAULT_KEY_ID}
     * @param currentKey the key new archives are encrypted with; null when this cipher may only
     *     decrypt (then {@link #encrypting} refuses)
     * @param oldKeys key id to key, for archives written before a rotation
     * @param parameters cost and segment size for new archives; old archives carry their own
     */
    public ArchiveCipher(String currentKeyId, String currentKey, Map<String, String> oldKeys,
            EncryptionParameters parameters) {
        Map<String, String> all = new LinkedHashMap<>();
        oldKeys.forEach((id, key) -> all.put(checkedId(id, "BACKUP_ENCRYPTION_OLD_KEYS"),
                checkedKey(key, "BACKUP_ENCRYPTION_OLD_KEYS entry '" + id + "'")));
        if (currentKey != null) {
            String id = checkedId(currentKeyId == null ? DEFAULT_KEY_ID : currentKeyId, "BACKUP_ENCRYPTION_KEY_ID");
            String key = checkedKey(currentKey, "BACKUP_ENCRYPTION_KEY");
            String old = all.put(id, key);
            if (old != null && !old.equals(key)) {
                throw new BackupException(ErrorKind.INVALID_REQUEST, "key id '" + id
                        + "' is both the current BACKUP_ENCRYPTION_KEY_ID and an entry of BACKUP_ENCRYPTION_OLD_KEYS with"
                        + " a different key: each key id must name exactly one key");
            }
            this.currentKeyId = id;
        } else {
            this.currentKeyId = null;
        }
        this.keys = Map.copyOf(all);
        this.parameters = Objects.requireNonNull(parameters, "parameters");
    }

    /** A cipher for the configured keys, whether or not encryption of new backups is enabled. */
    public static ArchiveCipher fromConfig(EncryptionConfig config) {
        return new ArchiveCipher(config.keyId(), config.key(), config.oldKeys());
    }

    /**
     * The cipher for chunks of the deduplicated store, with the same keys (the current one seals,
     * all open) and the store's salt.
     */
    public ChunkCipher chunkCipher(byte[] storeSalt) {
        return new ChunkCipher(currentKeyId, keys, parameters, storeSalt);
    }

    /** The id written into new archives, or null when no current key is configured. */
    public String currentKeyId() {
        return currentKeyId;
    }

    /**
     * Writes the header to {@code sink} and returns the stream to write the plaintext into.
     * Closing the returned stream writes the last segment (which marks the end, so that a
     * truncated archive is detected) and then closes {@code sink}. If writing fails part-way, the
     * caller must discard the file: closing would still seal what was written so far. If this
     * method throws, it has closed {@code sink}.
     *
     * <p>Uses the key {@link #prepareNext()} derived ahead, or derives it with Argon2id first, which
     * takes a fraction of a second.
     */
    public OutputStream encrypting(OutputStream sink) throws IOException {
        try {
            return encryptingOrThrow(sink);
        } catch (IOException | RuntimeException e) {
            closeQuietly(sink, e);
            throw e;
        }
    }

    private OutputStream encryptingOrThrow(OutputStream sink) throws IOException {
        if (currentKeyId == null) {
            throw new BackupException(ErrorKind.INVALID_REQUEST,
                    "cannot encrypt the backup: BACKUP_ENCRYPTION_KEY is not set",
                    "set BACKUP_ENCRYPTION_KEY (at least " + MIN_KEY_LENGTH + " characters) and BACKUP_ENCRYPTION_KEY_ID",
                    null);
        }
        NextKey next = takeNextKey();
        byte[] salt = next.salt();
        DerivedKey derived = next.derived();
        try {
            byte[] header = HeaderFormat.encode(new EncryptionHeader(HeaderFormat.VERSION, currentKeyId,
                    parameters.memoryKib(), parameters.iterations(), parameters.parallelism(), salt,
                    parameters.segmentSize(), derived.keyCheck()));
            AesGcmHkdfStreaming aead = streaming(derived, parameters.segmentSize());
            sink.write(header);
            return aead.newEncryptingStream(sink, header);
        } catch (GeneralSecurityException e) {
            throw new BackupException(ErrorKind.INTERNAL, "cannot set up encryption of the backup", e);
        } finally {
            derived.erase();
        }
    }

    /**
     * Starts deriving the key for the next archive on a background thread, so that Argon2id (0.2 to
     * 0.5 s of CPU with the default parameters) and the AES-GCM warm-up are not on the next backup's
     * critical path. Call it when a backup starts (it overlaps with the snapshot) and after one ends
     * (the next one finds its key ready). The salt is fresh and serves exactly one archive, as if
     * derived inline; the derived key stays in memory until then, next to the configured key it
     * comes from. Does nothing without a current key or when a key is already on its way.
     */
    public void prepareNext() {
        if (currentKeyId == null) {
            return;
        }
        synchronized (this) {
            if (nextKey == null) {
                nextKey = CompletableFuture.supplyAsync(this::deriveNextKey, task -> {
                    Thread t = new Thread(task, "archive-key-ahead");
                    t.setDaemon(true);
                    t.start();
                });
            }
        }
    }

    private NextKey takeNextKey() {
        CompletableFuture<NextKey> ahead;
        synchronized (this) {
            ahead = nextKey;
            nextKey = null;
        }
        if (ahead != null) {
            try {
                return ahead.join();
            } catch (CompletionException e) {
                // Deriving again inline reports the problem where the caller sees it.
            }
        }
        return deriveNextKey();
    }

    private NextKey deriveNextKey() {
        byte[] salt = new byte[HeaderFormat.SALT_LENGTH];
        random.nextBytes(salt);
        DerivedKey derived = DerivedKey.derive(keys.get(currentKeyId), salt, parameters);
        warmUp.beforeEncrypting();
        return new NextKey(salt, derived);
    }

    /** {@link #decrypting(InputStream, String)} with a generic name in messages. */
    public InputStream decrypting(InputStream source) throws IOException {
        return decrypting(source, "the archive");
    }

    /**
     * Reads the header from {@code source}, derives the key for its key id and returns the
     * plaintext. Reading it throws {@link BackupException} ({@link ErrorKind#CORRUPT_ARCHIVE})
     * where authentication fails, and its {@code close()} authenticates the unread rest; I/O
     * errors of {@code source} pass through as they are. A key id that is not configured, or a
     * key that does not match, is an {@link ErrorKind#INVALID_REQUEST} naming the key id, thrown
     * before any plaintext is returned. If this method throws, it has closed {@code source};
     * otherwise closing the returned stream closes it.
     *
     * @param archiveName the file name, for messages
     */
    public InputStream decrypting(InputStream source, String archiveName) throws IOException {
        try {
            return decryptingOrThrow(source, archiveName);
        } catch (IOException | RuntimeException e) {
            closeQuietly(source, e);
            throw e;
        }
    }

    private InputStream decryptingOrThrow(InputStream source, String archiveName) throws IOException {
        HeaderFormat.Read read = HeaderFormat.read(source, archiveName);
        EncryptionHeader header = read.header();
        String key = keys.get(header.keyId());
        if (key == null) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "cannot decrypt " + archiveName
                    + ": it was encrypted with key id '" + header.keyId() + "', which is not configured (configured: "
                    + new TreeSet<>(keys.keySet()) + ")",
                    "set BACKUP_ENCRYPTION_KEY_ID=" + header.keyId() + " with its BACKUP_ENCRYPTION_KEY, or add "
                            + header.keyId() + "=<key> to BACKUP_ENCRYPTION_OLD_KEYS",
                    null);
        }
        DerivedKey derived = DerivedKey.derive(key, header.salt(), header.parameters());
        try {
            if (!derived.matches(header.keyCheck())) {
                throw new BackupException(ErrorKind.INVALID_REQUEST, "cannot decrypt " + archiveName
                        + ": wrong key for key id '" + header.keyId() + "': the key configured for it"
                        + " is not the key it was encrypted with (or its header was modified)",
                        "check the key given for '" + header.keyId()
                                + "' in BACKUP_ENCRYPTION_KEY or BACKUP_ENCRYPTION_OLD_KEYS",
                        null);
            }
            AesGcmHkdfStreaming aead = streaming(derived, header.segmentSize());
            warmUp.beforeDecrypting();
            DecryptingStream.Source watched = new DecryptingStream.Source(source);
            SegmentLayout layout = new SegmentLayout(read.bytes().length, aead.getHeaderLength(), header.segmentSize());
            return new DecryptingStream(aead.newDecryptingStream(watched, read.bytes()), watched, archiveName, layout);
        } catch (GeneralSecurityException e) {
            throw new BackupException(ErrorKind.INTERNAL, "cannot set up decryption of " + archiveName, e);
        } finally {
            derived.erase();
        }
    }

    /**
     * Reads and checks the cleartext header, leaving {@code source} at the first ciphertext byte.
     * Needs no key: says which key id an archive needs.
     */
    public static EncryptionHeader readHeader(InputStream source) throws IOException {
        return HeaderFormat.read(source, "the archive").header();
    }

    /** Whether a file starting with these bytes is an encrypted archive (six bytes suffice). */
    public static boolean isEncrypted(byte[] firstBytes) {
        return HeaderFormat.startsWithMagic(firstBytes);
    }

    @Override
    public String toString() {
        return "ArchiveCipher[currentKeyId=" + currentKeyId + ", keyIds=" + new TreeSet<>(keys.keySet()) + "]";
    }

    private static AesGcmHkdfStreaming streaming(DerivedKey derived, int segmentSize) throws GeneralSecurityException {
        return new AesGcmHkdfStreaming(derived.keyMaterial(), HKDF, AES_256, segmentSize, 0);
    }

    private static void closeQuietly(Closeable stream, Exception primary) {
        try {
            stream.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }

    private static String checkedId(String id, String variable) {
        if (id == null || !HeaderFormat.KEY_ID.matcher(id).matches()) {
            // Not echoed: a misplaced key could sit where the id belongs.
            throw new BackupException(ErrorKind.INVALID_REQUEST, variable + ": a key id must be 1 to "
                    + HeaderFormat.MAX_KEY_ID_BYTES + " characters of A-Z a-z 0-9 . _ -");
        }
        return id;
    }

    private static String checkedKey(String key, String variable) {
        if (key == null || key.length() < MIN_KEY_LENGTH) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, variable + ": the key must be at least "
                    + MIN_KEY_LENGTH + " characters long (it has " + (key == null ? 0 : key.length()) + ")");
        }
        return key;
    }
}
