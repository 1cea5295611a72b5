/**
 * The web dashboard. It has no Java code: the pages are static files in
 * {@code src/main/resources/web/}, served from the classpath at {@code /} by
 * {@link io.cartographus.api.ApiServer} with a strict Content-Security-Policy
 * ({@code default-src 'self'}: no inline script or style, no CDN, no external fonts).
 *
 * <ul>
 * <li>{@code index.html}, {@code style.css} (responsive; light and dark), {@code favicon.svg};</li>
 * <li>{@code api.js}: every HTTP call, the token in sessionStorage, API errors as readable sentences;</li>
 * <li>{@code app.js}: sign-in and sign-out, the status panel, the backups table (filters, pages);</li>
 * <li>{@code details.js}: one backup's whole record (from {@code GET /api/v1/backup/{id}}), opened
 *     from its id by any role;</li>
 * <li>{@code actions.js}: create with progress, validate, download, delete, retention preview;</li>
 * <li>{@code restore.js}: the restore dialog (options, the plan in words, typed confirmation, result);</li>
 * <li>{@code compare.js}: a backup compared with the live database per table, and the table restore
 *     (merge or replace) behind the same typed confirmation;</li>
 * <li>{@code chart.js}: size and duration over time as hand-written SVG;</li>
 * <li>{@code format.js}: sizes, durations, local times, badges and a tiny DOM builder.</li>
 * </ul>
 *
 * <p>No build step and no framework: the browser runs the files as written (ES modules). The
 * dashboard only calls the public HTTP API with the token the user types in (kept in
 * sessionStorage, so it dies with the tab). It shows the actions the token's role allows
 * ({@code GET /api/v1/auth/whoami}), but the server checks every call itself: hiding a button is a
 * convenience, never the access control. Tested end to end by {@code DashboardIT} in headless Chromium.
 */
package io.cartographus.web;
