/**
 * Proving a backup restores: the archive's checksum, a full read of every entry, the manifest's
 * per-file hashes, and the database opened read-only with every table scanned and fingerprinted.
 */
package io.cartographus.validate;
