/**
 * Encryption at rest of backup archives: streaming authenticated encryption (Tink's
 * AES-GCM-HKDF streaming AEAD, AES-256, HKDF-SHA256) under a key derived from the configured
 * {@code BACKUP_ENCRYPTION_KEY} with Argon2id and a random per-archive salt.
 *
 * <h2>Where it sits</h2>
 * Backup: temp file, hashing stream, {@link io.cartographus.crypto.ArchiveCipher#encrypting},
 * compressor, tar. The archive's SHA-256 is therefore over the ciphertext as stored, so
 * {@code sha256sum -c} works without the key. Restore and validation: file,
 * {@link io.cartographus.crypto.ArchiveCipher#decrypting}, decompressor, tar.
 *
 * <h2>File format, version 1</h2>
 * All integers big-endian.
 * <pre>
 * offset  size  field
 *   0      5    magic "CGENC"
 *   5      1    0x00
 *   6      1    format version (1)
 *   7      2    header length L: all bytes of this header, magic included (unsigned)
 *   9      2    key id length n (1..64)
 *  11      n    key id, UTF-8, [A-Za-z0-9._-]
 *          1    key-derivation function: 1 = Argon2id, version 0x13
 *          4    Argon2 memory in KiB (8*parallelism .. 1 GiB)
 *          4    Argon2 iterations (1..10)
 *          4    Argon2 parallelism (1..16)
 *          1    salt length s (16..64; 16 written)
 *          s    salt (random per archive)
 *          4    ciphertext segment size (4 KiB .. 8 MiB; 1 MiB written)
 *         16    key check: Argon2id output bytes 32..47
 *  L            Tink stream: its 40-byte header (length byte, 32-byte HKDF salt, 7-byte nonce
 *               prefix), then segments of the segment size, each with a 16-byte GCM tag; the
 *               last segment is encrypted with a "last" flag in its nonce
 * </pre>
 * The parsed fields must fill exactly L bytes. Argon2id yields 48 bytes: the first 32 are Tink's
 * input key material, the last 16 the key check.
 *
 * <h2>What is detected</h2>
 * The whole header (L bytes) is the associated data of every segment, so a change to any header
 * byte fails authentication even where parsing accepts it. A change to the key id, salt or KDF
 * parameters usually shows first as a key-check mismatch. Segments are bound to their index and
 * the last one is marked, so reordering, truncation (also at a segment boundary) and appended
 * bytes fail. Header fields are bounded before any work is done, so a hostile header cannot make
 * us allocate gigabytes or spin.
 *
 * <h2>Errors</h2>
 * Fails closed, never returning unauthenticated plaintext past a failed segment:
 * <ul>
 * <li>not our magic, unknown version, bad or out-of-bounds header fields, failed authentication
 *     of any segment: {@code CORRUPT_ARCHIVE};
 * <li>key id not configured, or configured key does not match the key check:
 *     {@code INVALID_REQUEST} naming the key id (the archive is probably fine; the configuration
 *     is not), thrown before any plaintext is returned.
 * </ul>
 * Plaintext is released segment by segment, each only after its tag checked out; that the
 * archive is complete is known only at the end of the stream (or at {@code close()}, which reads
 * the rest). Consumers therefore write what they extract aside and act on it only after the
 * stream ended cleanly, as restore does anyway.
 *
 * <p>Key rotation: archives name their key id; old keys stay configured in
 * {@code BACKUP_ENCRYPTION_OLD_KEYS} for as long as backups made with them are kept.
 */
package io.cartographus.crypto;
