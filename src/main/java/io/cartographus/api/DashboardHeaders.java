package io.cartographus.api;

import java.util.Map;

/**
 * Headers on every dashboard file. The pages hold an admin's token, so the policy allows nothing but
 * this origin: no inline script or style (an injected string cannot run), no framing (no clickjacking
 * of the restore button), no referrer leaving the page. {@code no-cache} makes a browser revalidate,
 * so an upgraded server never runs with yesterday's scripts.
 */
final class DashboardHeaders {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", CSP,
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-cache");

    private DashboardHeaders() {
    }
}
