package io.cartographus.crypto;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;

/**
 * The cost of deriving an archive key (Argon2id memory, iterations, parallelism) and the size of
 * each authenticated ciphertext segment. Each archive records the values it was written with, so
 * changing the defaults later never breaks old backups.
 *
 * <p>The same bounds apply when writing and when reading a header: a hostile or damaged header
 * must not make us allocate gigabytes or spin for minutes before authentication can even start.
 */
public record EncryptionParameters(int memoryKib, int iterations, int parallelism, int segmentSize) {
    /** 1 GiB: above this, one restore could exhaust the heap of a small server. */
    static final int MAX_MEMORY_KIB = 1024 * 1024;
    static final int MAX_ITERATIONS = 10;
    static final int MAX_PARALLELISM = 16;
    /** Tink needs room for its 40-byte stream header and a 16-byte tag in the first segment. */
    static final int MIN_SEGMENT_SIZE = 4 * 1024;
    /** The decrypting side holds two segments in memory. */
    static final int MAX_SEGMENT_SIZE = 8 * 1024 * 1024;

    public EncryptionParameters {
        String problem = problem(memoryKib, iterations, parallelism, segmentSize);
        if (problem != null) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "invalid encryption parameters: " + problem);
        }
    }

    /**
     * 64 MiB, 3 passes, 2 lanes (about the OWASP recommendation for Argon2id; about 0.2 to 0.5 s per
     * archive here) and 1 MiB segments (large enough that the 16-byte tag per segment is noise).
     */
    public static EncryptionParameters defaults() {
        return new EncryptionParameters(64 * 1024, 3, 2, 1024 * 1024);
    }

    /** What is wrong with these values, or null when they are within bounds. */
    static String problem(int memoryKib, int iterations, int parallelism, int segmentSize) {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            return "Argon2 parallelism " + parallelism + " is outside 1.." + MAX_PARALLELISM;
        }
        if (memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) {
            return "Argon2 memory " + memoryKib + " KiB is outside " + (8 * parallelism) + ".." + MAX_MEMORY_KIB + " KiB";
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            return "Argon2 iterations " + iterations + " is outside 1.." + MAX_ITERATIONS;
        }
        if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
            return "segment size " + segmentSize + " is outside " + MIN_SEGMENT_SIZE + ".." + MAX_SEGMENT_SIZE + " bytes";
        }
        return null;
    }
}
