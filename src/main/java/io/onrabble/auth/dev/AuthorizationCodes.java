package io.onrabble.auth.dev;

import com.nimbusds.jose.util.Base64URL;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Authorization codes of the development issuer: random, single-use (taken out on the first
 * redemption, whether it succeeds or not), short-lived, bound to the client, redirect URI and PKCE
 * challenge of the request that made them. Kept in memory: a code lives a minute, so a restart only
 * costs a sign-in in progress. Bounded, so a script hammering the sign-in form cannot grow it without end.
 */
final class AuthorizationCodes {
    static final Duration LIFETIME = Duration.ofSeconds(60);
    private static final int MAX_PENDING = 10_000;
    /** RFC 7636: a verifier is 43-128 characters of this alphabet. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    /** What a code was issued for. */
    record Pending(String username, boolean admin, String clientId, String redirectUri, String codeChallenge,
                   String nonce, String scope, Instant expiresAt) {
    }

    sealed interface Redemption {
        record Granted(Pending grant) implements Redemption {
        }

        record Refused(String error, String description) implements Redemption {
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Clock clock;

    AuthorizationCodes(Clock clock) {
        this.clock = clock;
    }

    /** A new code for this sign-in and authorization request; empty when too many sign-ins are pending. */
    Optional<String> issue(String username, boolean admin, String clientId, String redirectUri, String codeChallenge,
                           String nonce, String scope) {
        var now = clock.instant();
        pending.values().removeIf(entry -> !entry.expiresAt().isAfter(now));
        if (pending.size() >= MAX_PENDING) {
            return Optional.empty();
        }
        var bytes = new byte[32];
        random.nextBytes(bytes);
        var code = Base64URL.encode(bytes).toString();
        pending.put(code, new Pending(username, admin, clientId, redirectUri, codeChallenge, nonce, scope,
                now.plus(LIFETIME)));
        return Optional.of(code);
    }

    /** Redeems {@code code} once: it must be current and match the client, redirect URI and PKCE verifier. */
    Redemption redeem(String code, String clientId, String redirectUri, String codeVerifier) {
        var grant = code == null ? null : pending.remove(code);
        if (grant == null || !grant.expiresAt().isAfter(clock.instant())) {
            return new Redemption.Refused("invalid_grant", "the code is unknown, expired or already used");
        }
        if (!grant.clientId().equals(clientId)) {
            return new Redemption.Refused("invalid_grant", "the code was issued to another client");
        }
        if (!grant.redirectUri().equals(redirectUri)) {
            return new Redemption.Refused("invalid_grant", "redirect_uri differs from the authorization request");
        }
        if (codeVerifier == null || !VERIFIER.matcher(codeVerifier).matches()) {
            return new Redemption.Refused("invalid_grant", "code_verifier is missing or malformed");
        }
        if (!MessageDigest.isEqual(s256(codeVerifier).getBytes(StandardCharsets.US_ASCII),
                grant.codeChallenge().getBytes(StandardCharsets.US_ASCII))) {
            return new Redemption.Refused("invalid_grant", "code_verifier does not match the code_challenge");
        }
        return new Redemption.Granted(grant);
    }

    static String s256(String verifier) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64URL.encode(digest).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
