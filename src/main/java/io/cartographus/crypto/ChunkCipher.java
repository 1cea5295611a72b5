package io.cartographus.crypto;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and names the chunks of the deduplicated store. An archive derives a fresh key per file
 * (Argon2id, random salt); a store of thousands of small chunks cannot, so Argon2id runs once per
 * key id and store salt and two keys are split from its output with HMAC-SHA-256: a naming key
 * (a chunk's name is HMAC(naming key, plaintext), so names say nothing about the content, and
 * equal content under the same key still gets the same name) and a sealing key (AES-256-GCM,
 * random 96-bit nonce per chunk).
 *
 * <p>Chunk file, all integers big-endian: magic "CGCHK", 0x00, version 1, key id length n (1 byte),
 * key id, salt length s (1 byte), salt, compression code (1 byte, the caller's), 12-byte nonce,
 * then the GCM ciphertext and tag. The associated data is everything before the nonce plus the
 * chunk's name, so a chunk copied under another name, or with any header byte changed, fails
 * authentication. The salt and key id travel in each chunk: a store whose salt file is lost, or a
 * key rotation, only starts new names; old chunks still open with the keys configured for them.
 */
public final class ChunkCipher {
    private static final byte[] MAGIC = {'C', 'G', 'C', 'H', 'K', 0, 1};
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final int SALT_LENGTH = 16;

    private final String currentKeyId;
    private final Map<String, String> keys;
    private final EncryptionParameters parameters;
    private final byte[] storeSalt;
    private final SecureRandom random = new SecureRandom();
    /** key id + salt (hex) to the two keys; Argon2id runs once for each. */
    private final Map<String, Keys> derived = new ConcurrentHashMap<>();

    private record Keys(byte[] naming, byte[] sealing) {
    }

    /** What {@link #open} returns: the caller's compression code and the still-compressed bytes. */
    public record Opened(int compression, byte[] content, String keyId, byte[] salt) {
    }

    ChunkCipher(String currentKeyId, Map<String, String> keys, EncryptionParameters parameters, byte[] storeSalt) {
        if (storeSalt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("a chunk store salt has " + SALT_LENGTH + " bytes");
        }
        this.currentKeyId = currentKeyId;
        this.keys = Map.copyOf(keys);
        this.parameters = parameters;
        this.storeSalt = storeSalt.clone();
    }

    /** A fresh random store salt, for a store that has none yet. */
    public static byte[] newSalt() {
        byte[] salt = new byte[SALT_LENGTH];
        new SecureRandom().nextBytes(salt);
        return salt;
    }

    /** Whether new chunks can be sealed (a current key is configured). */
    public boolean canSeal() {
        return currentKeyId != null;
    }

    /** The keyed name of a plaintext chunk under the current key: 64 lowercase hex digits. */
    public String name(byte[] plain, int length) {
        return HexFormat.of().formatHex(hmac(keys(currentKey(), storeSalt).naming(), plain, length));
    }

    /** Whether {@code name} is the keyed name of {@code plain} under the key and salt a chunk was sealed with. */
    public boolean named(String name, byte[] plain, int length, Opened opened) {
        byte[] expected = hmac(keys(opened.keyId(), opened.salt()).naming(), plain, length);
        return java.security.MessageDigest.isEqual(expected, HexFormat.of().parseHex(name));
    }

    public byte[] seal(String name, int compression, byte[] content, int length) {
        String keyId = currentKey();
        try {
            ByteArrayOutputStream header = new ByteArrayOutputStream(64);
            DataOutputStream h = new DataOutputStream(header);
            h.write(MAGIC);
            byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
            h.writeByte(id.length);
            h.write(id);
            h.writeByte(storeSalt.length);
            h.write(storeSalt);
            h.writeByte(compression);
            byte[] head = header.toByteArray();
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher gcm = gcm(Cipher.ENCRYPT_MODE, keys(keyId, storeSalt).sealing(), nonce);
            gcm.updateAAD(head);
            gcm.updateAAD(name.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = gcm.doFinal(content, 0, length);
            ByteBuffer out = ByteBuffer.allocate(head.length + NONCE + sealed.length);
            return out.put(head).put(nonce).put(sealed).array();
        } catch (IOException | GeneralSecurityException e) {
            throw new BackupException(ErrorKind.INTERNAL, "cannot seal chunk " + name, e);
        }
    }

    /**
     * Authenticates and decrypts a chunk file read under {@code name}. Anything wrong with the
     * bytes is CORRUPT_ARCHIVE; a key id that is not configured is INVALID_REQUEST naming it.
     */
    public Opened open(String name, byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file);
        try {
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw corrupt(name, "it is not a sealed chunk (wrong magic or version)");
            }
            byte[] id = new byte[in.get() & 0xff];
            in.get(id);
            String keyId = new String(id, StandardCharsets.UTF_8);
            int saltLength = in.get() & 0xff;
            if (saltLength != SALT_LENGTH) {
                throw corrupt(name, "its salt length is " + saltLength);
            }
            byte[] salt = new byte[saltLength];
            in.get(salt);
            int compression = in.get() & 0xff;
            int headLength = in.position();
            byte[] nonce = new byte[NONCE];
            in.get(nonce);
            if (!keys.containsKey(keyId)) {
                throw new BackupException(ErrorKind.INVALID_REQUEST, "cannot open chunk " + name + ": it was sealed with key id "
                        + sanitized(keyId) + ", which is not configured",
                        "add it to BACKUP_ENCRYPTION_OLD_KEYS with its key", null);
            }
            Cipher gcm = gcm(Cipher.DECRYPT_MODE, keys(keyId, salt).sealing(), nonce);
            gcm.updateAAD(file, 0, headLength);
            gcm.updateAAD(name.getBytes(StandardCharsets.US_ASCII));
            byte[] plain = gcm.doFinal(file, in.position(), in.remaining());
            return new Opened(compression, plain, keyId, salt);
        } catch (java.nio.BufferUnderflowException e) {
            throw corrupt(name, "it is truncated");
        } catch (javax.crypto.AEADBadTagException e) {
            throw corrupt(name, "it does not authenticate (damaged, planted, or sealed under another name)");
        } catch (GeneralSecurityException e) {
            throw new BackupException(ErrorKind.INTERNAL, "cannot open chunk " + name, e);
        }
    }

    private static String sanitized(String keyId) {
        return HeaderFormat.KEY_ID.matcher(keyId).matches() ? "'" + keyId + "'" : "(not a valid key id)";
    }

    private String currentKey() {
        if (currentKeyId == null) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "cannot seal chunks: BACKUP_ENCRYPTION_KEY is not set",
                    "set BACKUP_ENCRYPTION_KEY and BACKUP_ENCRYPTION_KEY_ID", null);
        }
        return currentKeyId;
    }

    private Keys keys(String keyId, byte[] salt) {
        return derived.computeIfAbsent(keyId + ":" + HexFormat.of().formatHex(salt), k -> {
            DerivedKey d = DerivedKey.derive(keys.get(keyId), salt, parameters);
            try {
                byte[] master = d.keyMaterial();
                return new Keys(hmac(master, "cartographus chunk name".getBytes(StandardCharsets.US_ASCII), -1),
                        hmac(master, "cartographus chunk seal".getBytes(StandardCharsets.US_ASCII), -1));
            } finally {
                d.erase();
            }
        });
    }

    private static byte[] hmac(byte[] key, byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(data, 0, length < 0 ? data.length : length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Cipher gcm(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        return c;
    }

    private static BackupException corrupt(String name, String why) {
        return new BackupException(ErrorKind.CORRUPT_ARCHIVE, "chunk " + name + " is damaged: " + why);
    }

    @Override
    public String toString() {
        return "ChunkCipher[currentKeyId=" + currentKeyId + "]";
    }
}
