/**
 * The deduplicated chunk store inside BACKUP_DIR ({@code chunks/}): the database part of a backup
 * taken with BACKUP_DEDUP is cut on DuckDB's block grid ({@link io.cartographus.chunks.ChunkGrid}),
 * and each piece is kept once, whatever number of backups use it.
 *
 * <p>What it promises:
 * <ul>
 * <li>Content addressing. A chunk's file is {@code chunks/<first two hex digits>/<64 hex digits><suffix>}.
 *     Unencrypted, the digits are the SHA-256 of the plaintext and the suffix says how it is
 *     compressed ({@code .zst}, {@code .gz}, or none), so {@code zstd -dc}, {@code gzip -dc} or
 *     {@code cat} gets it back by hand. Encrypted ({@code .enc}), the digits are an HMAC-SHA-256
 *     under a key derived from the encryption key (see {@link io.cartographus.crypto.ChunkCipher}):
 *     the store never shows a plaintext hash.</li>
 * <li>Durability. Every chunk is written under a temporary name, fsynced and renamed
 *     ({@link io.cartographus.fs.AtomicFile}); leftovers are removed at start-up. Chunks are
 *     written before the backup's reference list, which is written before its archive and record.</li>
 * <li>Distrust. Everything read back is checked: the name's form, the size bound, the decryption's
 *     authentication (bound to the name), then the plaintext's SHA-256 against the manifest and
 *     against the name (plain or keyed). A planted or damaged chunk fails; it never passes as
 *     another.</li>
 * <li>Collection by mark and sweep ({@link io.cartographus.chunks.ChunkCollector}): marks are the
 *     reference lists of the backups the catalog still has, plus the chunks pinned by a backup in
 *     progress; the sweep runs under the operation lock (no backup runs meanwhile) and deletes
 *     each unmarked chunk only after checking its pin again. Nothing is deleted while any list is
 *     missing.</li>
 * </ul>
 */
package io.cartographus.chunks;
