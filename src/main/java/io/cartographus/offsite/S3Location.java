package io.cartographus.offsite;

import java.net.URI;

/**
 * Where the copies live: the bucket and the key prefix of BACKUP_OFFSITE_URL ({@code s3://bucket/prefix}).
 * Names handed to a store are file names ({@code backup-<id>.json}); this turns them into object keys,
 * so the bucket holds the same names as BACKUP_DIR and {@code aws s3 sync} works in both directions.
 */
public record S3Location(String bucket, String prefix) {
    public S3Location {
        prefix = trimSlashes(prefix == null ? "" : prefix);
    }

    /** Parses a URL the configuration already checked ({@code s3://bucket} or {@code s3://bucket/a/b/}). */
    public static S3Location parse(URI url) {
        if (url == null || !"s3".equals(url.getScheme()) || url.getRawAuthority() == null) {
            throw new IllegalArgumentException("not an s3://bucket/prefix URL: " + url);
        }
        return new S3Location(url.getRawAuthority(), url.getPath());
    }

    /** The object key of a name under the prefix. */
    public String key(String name) {
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** The name of a key under the prefix (the inverse of {@link #key}), or null for a key outside it. */
    public String name(String key) {
        if (prefix.isEmpty()) {
            return key;
        }
        return key.startsWith(prefix + "/") ? key.substring(prefix.length() + 1) : null;
    }

    /** {@code s3://bucket/prefix/name}, for records, logs and messages. */
    public String uri(String name) {
        return "s3://" + bucket + "/" + key(name);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    private static String trimSlashes(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '/') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == '/') {
            to--;
        }
        return s.substring(from, to);
    }
}
