package io.cartographus.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The cleartext header of an encrypted archive (format in {@code package-info.java}). It says which
 * key id and which key-derivation parameters are needed; it holds nothing secret. {@code keyCheck}
 * is 16 bytes of the Argon2id output that are not used as key material: comparing it tells a wrong
 * key apart from a modified body, and costs an attacker as much as trying to decrypt.
 */
public record EncryptionHeader(int version, String keyId, int memoryKib, int iterations, int parallelism,
        byte[] salt, int segmentSize, byte[] keyCheck) {

    public EncryptionHeader {
        salt = salt.clone();
        keyCheck = keyCheck.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] keyCheck() {
        return keyCheck.clone();
    }

    EncryptionParameters parameters() {
        return new EncryptionParameters(memoryKib, iterations, parallelism, segmentSize);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptionHeader h && version == h.version && keyId.equals(h.keyId)
                && memoryKib == h.memoryKib && iterations == h.iterations && parallelism == h.parallelism
                && Arrays.equals(salt, h.salt) && segmentSize == h.segmentSize && Arrays.equals(keyCheck, h.keyCheck);
    }

    @Override
    public int hashCode() {
        return 31 * keyId.hashCode() + Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
        return "EncryptionHeader[version=" + version + ", keyId=" + keyId + ", argon2id m=" + memoryKib + "KiB t="
                + iterations + " p=" + parallelism + ", salt=" + HexFormat.of().formatHex(salt) + ", segmentSize="
                + segmentSize + "]";
    }
}
