package io.cartographus.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gets the JDK's AES-GCM onto its fast path before the first archive. Tink calls
 * {@code Cipher.doFinal} once per 1 MiB segment, and the JDK uses its AES-NI/CLMUL code only once
 * the methods that call it are compiled by C2, which needs about 5,000 calls: a 430 MB archive
 * has 430. So in a fresh JVM (every CLI command, a server's first backup) a whole archive ran on
 * the slow path: measured on a 431 MB zstd archive, 7.2 s of CPU to encrypt, against 0.5 s after
 * this warm-up, which itself costs about 0.1 s of CPU (8,000 calls on 256 bytes each way).
 * Encryption and decryption go through different JDK classes, so both are warmed.
 */
final class GcmWarmUp {
    static final int CALLS = 8_000;
    private static final int SIZE = 256;
    private static final int TAG_BITS = 128;

    private final AtomicBoolean encryptDone = new AtomicBoolean();
    private final AtomicBoolean decryptDone = new AtomicBoolean();

    void beforeEncrypting() {
        if (encryptDone.compareAndSet(false, true)) {
            run(Cipher.ENCRYPT_MODE);
        }
    }

    void beforeDecrypting() {
        if (decryptDone.compareAndSet(false, true)) {
            run(Cipher.DECRYPT_MODE);
        }
    }

    /**
     * A throwaway key on zeros; only the calls matter. A failure here is not the archive's problem:
     * it only ends the warm-up. Returns how many calls were made.
     */
    static int run(int mode) {
        int calls = 0;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
            byte[] nonce = new byte[12];
            ByteBuffer plain = ByteBuffer.allocate(SIZE);
            ByteBuffer sealed = ByteBuffer.allocate(SIZE + TAG_BITS / 8);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.doFinal(plain, sealed);
            sealed.flip();
            for (int i = 0; i < CALLS; i++) {
                if (mode == Cipher.ENCRYPT_MODE) {
                    // The JDK refuses to encrypt twice under one key and nonce: count through nonces.
                    nonce[0] = (byte) i;
                    nonce[1] = (byte) (i >>> 8);
                    nonce[2] = 1;
                    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
                    plain.clear();
                    sealed.clear();
                    cipher.doFinal(plain, sealed);
                } else {
                    // Decrypting the one sealed buffer again and again is allowed.
                    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, new byte[12]));
                    sealed.rewind();
                    plain.clear();
                    cipher.doFinal(sealed, plain);
                }
                calls++;
            }
        } catch (GeneralSecurityException e) {
            // Only speed is at stake; the real cipher reports any real problem.
        }
        return calls;
    }
}
