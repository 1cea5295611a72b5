package io.cartographus.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * What Argon2id makes of the configured key and an archive's salt: 32 bytes of input key material
 * for Tink (which derives a fresh AES-256 key per archive from it with HKDF-SHA256) and 16 further
 * bytes stored in the header as a key check. The two never overlap, so the check reveals nothing
 * about the key material.
 */
record DerivedKey(byte[] keyMaterial, byte[] keyCheck) {
    private static final int KEY_MATERIAL_LENGTH = 32;

    static DerivedKey derive(String key, byte[] salt, EncryptionParameters p) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(p.memoryKib())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] password = key.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[KEY_MATERIAL_LENGTH + HeaderFormat.KEY_CHECK_LENGTH];
        try {
            generator.generateBytes(password, out);
            return new DerivedKey(Arrays.copyOf(out, KEY_MATERIAL_LENGTH),
                    Arrays.copyOfRange(out, KEY_MATERIAL_LENGTH, out.length));
        } finally {
            Arrays.fill(password, (byte) 0);
            Arrays.fill(out, (byte) 0);
        }
    }

    /** Constant time, so that the comparison leaks nothing about where the bytes differ. */
    boolean matches(byte[] storedCheck) {
        return MessageDigest.isEqual(keyCheck, storedCheck);
    }

    @Override
    public String toString() {
        return "DerivedKey[(secret)]";
    }

    void erase() {
        Arrays.fill(keyMaterial, (byte) 0);
    }
}
