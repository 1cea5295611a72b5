package io.cartographus.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** The URL shapes the configuration accepts. Each check returns the URI, or null when refused. */
final class Urls {
    /** AWS's bucket naming rules (the subset S3-compatible servers also accept). */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

    private Urls() {
    }

    /**
     * An absolute http(s) URL with a host. Credentials in the URL are refused unless allowed: the
     * values allowed to carry them (the webhook URL) are secrets and never printed. A port outside
     * 1–65535 is refused here: {@link URI} parses any digits, and the failure would otherwise come
     * only at the first notification, long after start-up said the configuration was fine.
     */
    static URI http(String text, boolean allowCredentials) {
        URI uri = uri(text);
        if (uri == null || uri.getScheme() == null || uri.getHost() == null || uri.getPort() == 0 || uri.getPort() > 65535) {
            return null;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return null;
        }
        return uri.getRawUserInfo() != null && !allowCredentials ? null : uri;
    }

    /** {@code s3://bucket} or {@code s3://bucket/prefix}: a valid bucket name, no credentials, port, query or fragment. */
    static URI s3(String text) {
        URI uri = uri(text);
        if (uri == null || !"s3".equals(uri.getScheme()) || uri.getRawAuthority() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return null;
        }
        String bucket = uri.getRawAuthority();
        boolean validBucket = BUCKET.matcher(bucket).matches() && !bucket.contains("..")
                && !IP_ADDRESS.matcher(bucket).matches();
        return validBucket ? uri : null;
    }

    /** The bucket of an {@link #s3} URL. */
    static String bucket(URI s3) {
        return s3.getRawAuthority();
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
