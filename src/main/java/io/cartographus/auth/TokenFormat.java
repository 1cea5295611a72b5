package io.cartographus.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How tokens look and how they are hashed.
 *
 * <p>A token is {@code cgr_} followed by 32 random bytes in unpadded base64url (43 characters). The
 * prefix lets secret scanners and our own audit masking recognise a leaked token.
 *
 * <p>Tokens are hashed with one round of SHA-256, not with a slow password hash. Slow hashes (bcrypt,
 * scrypt, Argon2) exist to make guessing a low-entropy password expensive; a token has 256 bits from
 * {@link SecureRandom}, so guessing it from its hash is infeasible at any hash speed. A slow hash would
 * only make every API request pay tens of milliseconds of CPU and hand an attacker a cheap way to
 * exhaust the server with bogus tokens.
 */
final class TokenFormat {
    static final String PREFIX = "cgr_";
    private static final int TOKEN_BYTES = 32;
    private static final int ID_BYTES = 4;

    private TokenFormat() {
    }

    static String newToken(SecureRandom random) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A public id: random rather than derived from the token, so it reveals nothing about it. */
    static String newId(SecureRandom random) {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform is required to provide SHA-256.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
