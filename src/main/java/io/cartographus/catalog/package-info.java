/**
 * The backup index: ids, records, sidecars and metadata.json. Records are immutable; the index
 * writes the sidecar before metadata.json so that either can rebuild the other after a crash.
 * <ul>
 *   <li>{@link io.cartographus.catalog.Catalog}: the index once open. Every change (put, update,
 *       register, adopt, remove, the schedule) is one step under its own private lock, sidecar
 *       first; readers never wait for a writer. Callers never lock it: what must be atomic with its
 *       changes is an operation it offers.</li>
 *   <li>{@code StartupRecovery}: what opening does first, once per start: takes the newer of
 *       sidecar and index entry, keeps an unreadable metadata.json aside, finishes interrupted
 *       deletions, removes archives of backups that never completed, registers archives no record
 *       names, refuses records that name another file, marks interrupted backups failed and missing
 *       archives corrupted; each fix is a start-up note.</li>
 *   <li>{@code Leftovers}: what a crash leaves besides temporary files (tombstones, archives of
 *       unfinished backups). {@code CatalogFile} and {@code Sidecars}: the two file formats, always
 *       replaced atomically. {@link io.cartographus.catalog.ChecksumFile}: the {@code sha256sum}
 *       file, read as untrusted.</li>
 *   <li>{@link io.cartographus.catalog.BackupFiles}: the only place a name read from disk becomes a
 *       path. {@link io.cartographus.catalog.CreatedAt}: the bound on a {@code created_at} from
 *       outside. "Now" always comes from the {@link java.time.Clock} given to {@code Catalog.open}.</li>
 * </ul>
 */
package io.cartographus.catalog;
