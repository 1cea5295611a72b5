package io.cartographus.offsite;

import java.time.Instant;

/**
 * One object in the store. {@code name} is relative to the store's prefix; {@code sha256} is the hex
 * SHA-256 the uploader recorded in the object's metadata (null when unknown, e.g. in a listing).
 */
public record StoredObject(String name, long size, Instant lastModified, String sha256) {
}
