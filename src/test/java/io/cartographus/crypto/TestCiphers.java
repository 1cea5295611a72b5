package io.cartographus.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/** Keys, cheap parameters and file round trips shared by the tests of this package. */
final class TestCiphers {
    static final String KEY_A = "alpha-key-0123456789-0123456789-0123";
    static final String KEY_B = "bravo-key-0123456789-0123456789-0123";
    /** Argon2id at 64 KiB and one pass and 4 KiB segments: fast, and many segments per test. */
    static final EncryptionParameters FAST = new EncryptionParameters(64, 1, 1, 4096);

    private TestCiphers() {
    }

    static ArchiveCipher cipher(String keyId, String key, Map<String, String> oldKeys) {
        return new ArchiveCipher(keyId, key, oldKeys, FAST);
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Path encrypt(ArchiveCipher cipher, byte[] plaintext, Path file) throws IOException {
        try (OutputStream out = cipher.encrypting(Files.newOutputStream(file))) {
            out.write(plaintext);
        }
        return file;
    }

    static byte[] decrypt(ArchiveCipher cipher, Path file) throws IOException {
        try (InputStream in = cipher.decrypting(Files.newInputStream(file), file.getFileName().toString())) {
            return in.readAllBytes();
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
