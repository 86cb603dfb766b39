package io.onrabble.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * With several issuers, two realms may hand out the same {@code sub}: user ids then carry a short,
 * stable prefix derived from the issuer URL, so they can never collide.
 */
public final class IssuerNamespace {
    private IssuerNamespace() {
    }

    public static String prefixFor(String issuer) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(issuer.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4) + ":";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
