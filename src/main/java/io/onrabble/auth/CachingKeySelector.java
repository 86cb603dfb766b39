package io.onrabble.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;

import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Selects the verification keys of a token as {@link JWSVerificationKeySelector} does (same matcher,
 * same key source, so rotation and refetching are unchanged), but converts each JWK to a Java key
 * once: nimbus rebuilds the {@code RSAPublicKey} (a {@code KeyFactory} call) for every token, a
 * visible part of a connect storm's token checks.
 */
final class CachingKeySelector extends JWSVerificationKeySelector<SecurityContext> {
    /** More keys than an issuer publishes across a few rotations; beyond it the cache starts over. */
    private static final int MAX_KEYS = 64;

    private final Map<JWK, List<Key>> converted = new ConcurrentHashMap<>();

    CachingKeySelector(Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> keys) {
        super(algorithms, keys);
    }

    @Override
    public List<Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        if (!isAllowed(header.getAlgorithm())) {
            return List.of();
        }
        var matcher = createJWKMatcher(header);
        if (matcher == null) {
            return List.of();
        }
        var selected = new ArrayList<Key>();
        for (var jwk : getJWKSource().get(new JWKSelector(matcher), context)) {
            selected.addAll(javaKeys(jwk));
        }
        return selected;
    }

    private List<Key> javaKeys(JWK jwk) {
        var keys = converted.get(jwk);
        if (keys == null) {
            if (converted.size() >= MAX_KEYS) {
                converted.clear();
            }
            // Only public keys verify a signature here (the algorithms are all asymmetric).
            keys = KeyConverter.toJavaKeys(List.of(jwk)).stream().filter(PublicKey.class::isInstance).toList();
            converted.put(jwk, keys);
        }
        return keys;
    }
}
