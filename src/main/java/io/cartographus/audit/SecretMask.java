package io.cartographus.audit;

import java.util.regex.Pattern;

/**
 * Masks anything in an audit field that looks like a credential. Callers should never pass one; this is
 * the second line of defence, for an error message that quotes a header or a token pasted as a name.
 */
final class SecretMask {
    static final String MASK = "***";
    /** Our token format (cgr_ + base64url); shorter tails are masked too, in case a token was cut. */
    private static final Pattern TOKEN = Pattern.compile("cgr_[A-Za-z0-9_-]*");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)\\S+");
    /** Keeps each line small, so one write() of it stays cheap and a hostile value cannot bloat the log. */
    static final int MAX_FIELD_LENGTH = 1024;

    private SecretMask() {
    }

    static String mask(String value) {
        if (value == null) {
            return null;
        }
        String masked = BEARER.matcher(value).replaceAll("$1" + MASK);
        masked = TOKEN.matcher(masked).replaceAll("cgr_" + MASK);
        if (masked.length() > MAX_FIELD_LENGTH) {
            masked = masked.substring(0, MAX_FIELD_LENGTH) + "...";
        }
        return masked;
    }
}
