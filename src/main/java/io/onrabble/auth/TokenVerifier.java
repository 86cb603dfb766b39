package io.onrabble.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTProcessor;

import java.text.ParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies access tokens: asymmetric signature from the issuer's keys, {@code iss} among the trusted
 * issuers, {@code exp}/{@code nbf} within a small leeway, {@code sub} and {@code preferred_username} present.
 */
public final class TokenVerifier {
    /** Longer tokens are refused before any parsing; real OIDC access tokens are a few KiB. */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;
    private static final Set<JWSAlgorithm> ASYMMETRIC = new HashSet<>();

    static {
        ASYMMETRIC.addAll(JWSAlgorithm.Family.RSA);
        ASYMMETRIC.addAll(JWSAlgorithm.Family.EC);
        ASYMMETRIC.addAll(JWSAlgorithm.Family.ED);
    }

    private final Map<String, JWTProcessor<SecurityContext>> processors = new LinkedHashMap<>();

    public TokenVerifier(List<TrustedIssuer> issuers, int leewaySeconds) {
        for (var trusted : issuers) {
            var processor = new DefaultJWTProcessor<SecurityContext>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ASYMMETRIC, trusted.keys()));
            var verifier = new DefaultJWTClaimsVerifier<SecurityContext>(
                    new JWTClaimsSet.Builder().issuer(trusted.issuer()).build(),
                    Set.of("sub", "exp", "preferred_username"));
            verifier.setMaxClockSkew(leewaySeconds);
            processor.setJWTClaimsSetVerifier(verifier);
            processors.put(trusted.issuer(), processor);
        }
    }

    public Principal verify(String token) throws InvalidTokenException {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("token is missing");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException("token is too large");
        }
        try {
            var jwt = SignedJWT.parse(token);
            var issuer = jwt.getJWTClaimsSet().getIssuer();
            var processor = issuer == null ? null : processors.get(issuer);
            if (processor == null) {
                throw new InvalidTokenException("token issuer is not trusted");
            }
            var claims = processor.process(jwt, null);
            return toPrincipal(claims);
        } catch (ParseException e) {
            throw new InvalidTokenException("token is not a signed JWT");
        } catch (BadJOSEException e) {
            throw new InvalidTokenException("token rejected: " + e.getMessage());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new InvalidTokenException("token could not be verified");
        }
    }

    private static Principal toPrincipal(JWTClaimsSet claims) throws InvalidTokenException, ParseException {
        var username = claims.getStringClaim("preferred_username");
        if (claims.getSubject().isBlank() || username == null || username.isBlank()) {
            throw new InvalidTokenException("token lacks sub or preferred_username");
        }
        var roles = new HashSet<String>();
        var realmAccess = claims.getJSONObjectClaim("realm_access");
        if (realmAccess != null && realmAccess.get("roles") instanceof List<?> list) {
            list.forEach(role -> roles.add(String.valueOf(role)));
        }
        var clientId = claims.getStringClaim("azp");
        return new Principal(claims.getSubject(), username, claims.getIssuer(), clientId == null ? "" : clientId,
                Set.copyOf(roles), claims.getExpirationTime().toInstant());
    }
}
