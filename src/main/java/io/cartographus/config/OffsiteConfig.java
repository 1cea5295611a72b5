package io.cartographus.config;

import java.net.URI;

/**
 * BACKUP_OFFSITE_URL (s3://bucket/prefix, null when off-site copies are off), BACKUP_OFFSITE_ENDPOINT
 * (null: AWS), BACKUP_OFFSITE_REGION, BACKUP_OFFSITE_PATH_STYLE.
 */
public record OffsiteConfig(URI url, URI endpoint, String region, boolean pathStyle) {
    public boolean enabled() {
        return url != null;
    }

    public static OffsiteConfig disabled() {
        return new OffsiteConfig(null, null, "us-east-1", false);
    }
}
