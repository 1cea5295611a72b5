package io.cartographus.auth;

/** A token as kept at rest: its public description and the SHA-256 of its plaintext. */
record StoredToken(TokenInfo info, byte[] sha256) {
    @Override
    public String toString() {
        return "StoredToken[" + info + "]";
    }
}
