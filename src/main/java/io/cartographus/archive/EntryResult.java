package io.cartographus.archive;

/**
 * One archive entry as written or read: its name inside the archive, its size in bytes and the
 * lowercase hex SHA-256 of its content.
 */
public record EntryResult(String name, long size, String sha256) {
}
