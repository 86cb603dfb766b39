package io.onrabble.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("fast")
class CachingKeySelectorTest {
    private static final String ISSUER = "https://id.example/realm";

    @Test
    void aKeyDroppedFromTheIssuersSetNoLongerVerifiesThoughItWasUsedBefore() throws Exception {
        var first = new RSAKeyGenerator(2048).keyID("first").generate();
        var second = new RSAKeyGenerator(2048).keyID("second").generate();
        var published = new AtomicReference<>(new JWKSet(first.toPublicJWK()));
        JWKSource<SecurityContext> keys = (selector, context) -> selector.select(published.get());
        var verifier = new TokenVerifier(List.of(new TrustedIssuer(ISSUER, keys, Set.of(), Set.of(), "")), 0, null);

        assertThat(verifier.verify(token(first, "alice")).userId()).isEqualTo("alice");
        assertThat(verifier.verify(token(first, "bob")).userId()).isEqualTo("bob");

        published.set(new JWKSet(second.toPublicJWK()));
        assertThatThrownBy(() -> verifier.verify(token(first, "alice"))).isInstanceOf(InvalidTokenException.class);
        assertThat(verifier.verify(token(second, "alice")).userId()).isEqualTo("alice");
    }

    private static String token(RSAKey key, String user) throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer(ISSUER).subject(user).claim("preferred_username", user)
                        .expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
