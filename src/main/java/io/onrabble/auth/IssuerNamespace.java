package io.onrabble.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * User ids with several issuers. Two realms may hand out the same {@code sub}, so ids must be
 * namespaced; but the existing clients take their own id from their token's {@code sub} (the Qt
 * client filters its private threads by it). So the first issuer, the primary one, keeps bare
 * {@code sub}s, and every other issuer's ids carry a short, stable prefix derived from its URL
 * ({@code <8 hex>:}). A primary {@code sub} shaped like a prefixed id is refused, so ids never collide.
 */
public final class IssuerNamespace {
    private static final Pattern PREFIXED = Pattern.compile("[0-9a-f]{8}:.*", Pattern.DOTALL);

    private IssuerNamespace() {
    }

    /** The id prefix of each issuer, in order: none for the first, {@link #prefixFor} for the others. */
    public static List<String> prefixes(List<String> issuers) {
        var prefixes = new ArrayList<String>();
        for (int i = 0; i < issuers.size(); i++) {
            prefixes.add(i == 0 ? "" : prefixFor(issuers.get(i)));
        }
        return List.copyOf(prefixes);
    }

    public static String prefixFor(String issuer) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(issuer.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4) + ":";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** True for an id of the shape other issuers' ids have, which a bare {@code sub} must not take. */
    public static boolean looksPrefixed(String userId) {
        return PREFIXED.matcher(userId).matches();
    }
}
