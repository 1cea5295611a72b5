/**
 * API tokens and roles (docs/design.md §8): {@link io.cartographus.auth.TokenStore} keeps named tokens, hashed, in
 * {@code DATA_DIR/tokens.json}, authenticates presented bearer tokens in constant time with respect to
 * the stored ones, and bootstraps the first admin token. {@link io.cartographus.auth.Role} orders
 * viewer &lt; operator &lt; admin. No HTTP code lives here: the api package maps a missing or unknown
 * token to 401 and an insufficient role to 403.
 */
package io.cartographus.auth;
