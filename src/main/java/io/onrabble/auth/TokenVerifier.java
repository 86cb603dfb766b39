package io.onrabble.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTProcessor;
import io.onrabble.domain.ControlCharacters;

import java.text.ParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies access tokens: signed with an asymmetric algorithm by a key of the issuer named in
 * {@code iss} (one of the trusted issuers), {@code exp}/{@code nbf} within the leeway, audience and
 * client rules of that issuer, {@code sub} and {@code preferred_username} present.
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

    private record Trusted(TrustedIssuer issuer, JWTProcessor<SecurityContext> processor) {
    }

    private final Map<String, Trusted> issuers = new LinkedHashMap<>();
    private final String roleClient;

    /** {@code roleClient}, if not null, is a client whose {@code resource_access} roles count beside realm roles. */
    public TokenVerifier(List<TrustedIssuer> trusted, int leewaySeconds, String roleClient) {
        this.roleClient = roleClient;
        for (var issuer : trusted) {
            var processor = new DefaultJWTProcessor<SecurityContext>();
            processor.setJWSKeySelector(new CachingKeySelector(ASYMMETRIC, issuer.keys()));
            var verifier = new DefaultJWTClaimsVerifier<SecurityContext>(
                    new JWTClaimsSet.Builder().issuer(issuer.issuer()).build(),
                    Set.of("sub", "exp", "preferred_username"));
            verifier.setMaxClockSkew(leewaySeconds);
            processor.setJWTClaimsSetVerifier(verifier);
            issuers.put(issuer.issuer(), new Trusted(issuer, processor));
        }
    }

    public Principal verify(String token) throws InvalidTokenException, KeySourceUnavailableException {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("token is missing");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidTokenException("token is too large");
        }
        SignedJWT jwt;
        try {
            if (!(JWTParser.parse(token) instanceof SignedJWT signed)) {
                throw new InvalidTokenException("token is not signed");
            }
            jwt = signed;
        } catch (ParseException e) {
            throw new InvalidTokenException("token is not a JWT");
        }
        var trusted = trustedIssuerOf(jwt);
        try {
            var claims = trusted.processor().process(jwt, null);
            checkAudienceAndClient(trusted.issuer(), claims);
            return toPrincipal(trusted.issuer(), claims);
        } catch (BadJOSEException e) {
            throw new InvalidTokenException("token rejected: " + e.getMessage());
        } catch (RateLimitReachedException e) {
            // the key was not in the cached set and may not be fetched again yet: as far as we know, no such key
            throw new InvalidTokenException("token is signed with an unknown key");
        } catch (KeySourceException e) {
            throw new KeySourceUnavailableException("the keys of " + trusted.issuer().issuer() + " are unavailable", e);
        } catch (JOSEException | ParseException e) {
            throw new InvalidTokenException("token could not be verified");
        }
    }

    private Trusted trustedIssuerOf(SignedJWT jwt) throws InvalidTokenException {
        try {
            var issuer = jwt.getJWTClaimsSet().getIssuer();
            var trusted = issuer == null ? null : issuers.get(issuer);
            if (trusted == null) {
                throw new InvalidTokenException("token issuer is not trusted");
            }
            return trusted;
        } catch (ParseException e) {
            throw new InvalidTokenException("token claims are malformed");
        }
    }

    private static void checkAudienceAndClient(TrustedIssuer issuer, JWTClaimsSet claims)
            throws InvalidTokenException, ParseException {
        var tokenType = claims.getStringClaim("typ");
        if (tokenType != null && !tokenType.equalsIgnoreCase("Bearer")) {
            throw new InvalidTokenException("token is a " + tokenType + " token, not an access token");
        }
        if (!issuer.audiences().isEmpty()
                && (claims.getAudience() == null || claims.getAudience().stream().noneMatch(issuer.audiences()::contains))) {
            throw new InvalidTokenException("token audience is not accepted");
        }
        var clientId = claims.getStringClaim("azp");
        if (!issuer.clientIds().isEmpty() && (clientId == null || !issuer.clientIds().contains(clientId))) {
            throw new InvalidTokenException("token was issued to a client that is not accepted");
        }
    }

    private Principal toPrincipal(TrustedIssuer issuer, JWTClaimsSet claims) throws InvalidTokenException, ParseException {
        var username = claims.getStringClaim("preferred_username");
        if (claims.getSubject().isBlank() || username == null || username.isBlank()) {
            throw new InvalidTokenException("token lacks sub or preferred_username");
        }
        if (ControlCharacters.any(claims.getSubject()) || ControlCharacters.any(username)) {
            throw new InvalidTokenException("token's sub or preferred_username holds control characters");
        }
        var roles = new HashSet<String>(rolesIn(claims.getJSONObjectClaim("realm_access")));
        var clientAccess = claims.getJSONObjectClaim("resource_access");
        if (roleClient != null && clientAccess != null && clientAccess.get(roleClient) instanceof Map<?, ?> access) {
            roles.addAll(rolesIn(access));
        }
        if (issuer.userIdPrefix().isEmpty() && issuers.size() > 1 && IssuerNamespace.looksPrefixed(claims.getSubject())) {
            throw new InvalidTokenException("token sub has the shape of another issuer's user ids");
        }
        var clientId = claims.getStringClaim("azp");
        return new Principal(issuer.userIdPrefix() + claims.getSubject(), username, issuer.issuer(),
                clientId == null ? "" : clientId, Set.copyOf(roles), claims.getExpirationTime().toInstant());
    }

    private static Set<String> rolesIn(Map<?, ?> access) {
        var roles = new HashSet<String>();
        if (access != null && access.get("roles") instanceof List<?> list) {
            list.forEach(role -> roles.add(String.valueOf(role)));
        }
        return roles;
    }
}
