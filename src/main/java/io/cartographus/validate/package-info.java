/**
 * Proving a backup restores: the archive's checksum, a full read of every entry, the manifest's
 * per-file hashes, and the database opened read-only with every table scanned and fingerprinted
 * ({@link io.cartographus.validate.ArchiveVerifier}); the same in the background for each new backup
 * ({@link io.cartographus.validate.BackgroundVerifier}); and {@link io.cartographus.validate.ArchiveSurvey},
 * one read of an archive of unknown origin that writes nothing, to learn what it claims to be.
 */
package io.cartographus.validate;
