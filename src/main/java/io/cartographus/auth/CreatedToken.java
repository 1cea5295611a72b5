package io.cartographus.auth;

/**
 * A token just created: the only moment its plaintext exists. Show it to the operator once; it is
 * stored only as a hash.
 */
public record CreatedToken(TokenInfo info, String token) {
    /** Never prints the token, so that logging this record cannot leak it. */
    @Override
    public String toString() {
        return "CreatedToken[info=" + info + ", token=(hidden)]";
    }
}
