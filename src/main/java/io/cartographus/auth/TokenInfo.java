package io.cartographus.auth;

import java.time.Instant;

/**
 * What may be shown about a token: never the token itself nor its hash.
 *
 * @param id        short random public id (8 hex digits), usable with {@link TokenStore#revoke}
 * @param name      the operator's name for it, unique in the store
 * @param role      what it may do
 * @param createdAt when it was created
 */
public record TokenInfo(String id, String name, Role role, Instant createdAt) {
}
