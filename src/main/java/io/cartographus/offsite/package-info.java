/**
 * Off-site copies on S3-compatible object storage (docs/design.md §9, the "1" of the 3-2-1 rule).
 *
 * <p>{@link io.cartographus.offsite.OffsiteStore} is the seam: put, get, list, head and delete on
 * streams, addressed by the same file names as BACKUP_DIR, so the bucket is a plain mirror that
 * {@code aws s3 sync} understands. {@link io.cartographus.offsite.S3Store} talks to S3 through the
 * AWS SDK (URLConnection client, path-style and endpoint override for MinIO, Ceph, R2, S3Proxy);
 * {@link io.cartographus.offsite.RetryingStore} wraps it with exponential backoff for passing failures.
 *
 * <p>{@link io.cartographus.offsite.Offsite} is the service. After each completed backup (after its
 * verification passed, when BACKUP_VERIFY=true) it uploads, on one background thread:
 * <pre>
 *   backup-&lt;id&gt;.tar.gz   streamed in 16 MiB parts, SHA-256 checked before the upload is completed
 *   backup-&lt;id&gt;.sha256   sha256sum format
 *   backup-&lt;id&gt;.json     the record, last: a backup whose .json is in the bucket is complete there
 * </pre>
 * and records {@code offsite: {status: pending|uploaded|failed, location, at, error}} on the backup.
 * A failure is logged, counted ({@code cartographus_offsite_upload_total{status="failed"}}) and
 * notified; the local backup is never touched. Local deletions (API, CLI, retention) are mirrored
 * through the catalog's {@link io.cartographus.catalog.DeletionListener}, journaled first so that an
 * outage only delays them.
 *
 * <p>A deduplicated backup takes its chunk store along ({@link io.cartographus.offsite.ChunkMirror},
 * decisions in {@link io.cartographus.offsite.RemoteChunks}): {@code chunks/<2 hex>/<chunk>} for
 * each chunk the bucket lacks (one listing of {@code chunks/} per round), then
 * {@code chunks/refs/<id>.refs}, then the three objects above. Local collections are mirrored
 * through a journal, and a chunk that any reference list in the bucket names is never deleted.
 *
 * <p>{@code backup offsite sync} reconciles by listing; {@code backup restore latest --from-offsite}
 * rebuilds a fresh machine from the bucket alone ({@link io.cartographus.offsite.OffsiteFetch}: every
 * byte from the bucket is checked before it reaches BACKUP_DIR).
 */
package io.cartographus.offsite;
