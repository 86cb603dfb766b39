package io.onrabble.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The built-in development issuer of embedded mode: an RSA key kept in the data directory signs
 * tokens for any username. It exists only when no external issuer is configured. Its issuer
 * identifier is {@code <public URL>/dev}, where it also speaks OpenID Connect (see
 * {@code io.onrabble.auth.dev}).
 */
public final class DevIssuer {
    /** Where the issuer lives below the public URL. */
    public static final String PATH = "/dev";
    private static final String KEY_FILE = "dev-issuer-key.json";
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String ADMIN_ROLE = "admin";

    private final RSAKey key;
    private final String issuer;

    private DevIssuer(RSAKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    /**
     * Loads the key from {@code dataDir}, creating it (readable by the owner only) on first use; the
     * issuer identifier is {@code publicUrl} + {@link #PATH}.
     */
    public static DevIssuer loadOrCreate(Path dataDir, String publicUrl) throws IOException {
        var issuer = publicUrl + PATH;
        var file = dataDir.resolve(KEY_FILE);
        try {
            if (Files.exists(file)) {
                return new DevIssuer(RSAKey.parse(Files.readString(file)), issuer);
            }
            var key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyIDFromThumbprint(true).generate();
            Files.createDirectories(dataDir);
            var tmp = Files.createTempFile(dataDir, KEY_FILE, ".tmp");
            trySetOwnerOnly(tmp);
            Files.writeString(tmp, key.toJSONString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new DevIssuer(key, issuer);
        } catch (ParseException | JOSEException e) {
            throw new IOException("development issuer key " + file + " is unusable: " + e.getMessage(), e);
        }
    }

    private static void trySetOwnerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: nothing stricter to set
        }
    }

    /** The issuer identifier, {@code iss} of every token it signs. */
    public String issuer() {
        return issuer;
    }

    /** The public half of the signing key, as a JWK set (what {@code /dev/jwks} serves). */
    public JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }

    /** The development issuer as a trusted issuer: any audience, any client. */
    public TrustedIssuer trusted() {
        return new TrustedIssuer(issuer, new ImmutableJWKSet<>(publicKeys()), Set.of(), Set.of(), "");
    }

    /** The stable user id the development issuer gives a username. */
    public static String subjectFor(String username) {
        return UUID.nameUUIDFromBytes(("onrabble-dev:" + username).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static boolean isValidUsername(String username) {
        return username != null && USERNAME.matcher(username).matches();
    }

    /** An access token ({@code typ} Bearer) for {@code username}, issued to {@code clientId}. */
    public String issue(String username, boolean admin, String clientId, Duration ttl) {
        return sign(claims(username, clientId, Instant.now().plus(ttl))
                .claim("typ", "Bearer")
                .claim("realm_access", Map.of("roles", admin ? List.of(ADMIN_ROLE) : List.of()))
                .build());
    }

    /** An OpenID Connect ID token for {@code clientId}; {@code nonce} may be null. */
    public String idToken(String username, String clientId, String nonce, Duration ttl) {
        var claims = claims(username, clientId, Instant.now().plus(ttl)).audience(clientId).claim("typ", "ID");
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        return sign(claims.build());
    }

    /**
     * A refresh token: signed like the others but of {@code typ} Refresh, so the verifier never takes it
     * for an access token. It expires at {@code sessionEnd}, which refreshing never moves.
     */
    public String refreshToken(DevGrant grant) {
        return sign(claims(grant.username(), grant.clientId(), grant.sessionEnd())
                .claim("typ", "Refresh")
                .claim("admin", grant.admin())
                .build());
    }

    /** What a refresh token of this issuer grants; refused if it is not one, or expired. */
    public DevGrant readRefreshToken(String token) throws InvalidTokenException {
        try {
            var jwt = SignedJWT.parse(token);
            var claims = jwt.getJWTClaimsSet();
            if (!jwt.verify(new RSASSAVerifier(key.toRSAPublicKey()))
                    || !issuer.equals(claims.getIssuer())
                    || !"Refresh".equals(claims.getStringClaim("typ"))
                    || claims.getExpirationTime() == null
                    || !claims.getExpirationTime().toInstant().isAfter(Instant.now())) {
                throw new InvalidTokenException("refresh token is invalid or expired");
            }
            var username = claims.getStringClaim("preferred_username");
            if (!isValidUsername(username)) {
                throw new InvalidTokenException("refresh token is invalid or expired");
            }
            return new DevGrant(username, Boolean.TRUE.equals(claims.getBooleanClaim("admin")),
                    claims.getStringClaim("azp"), claims.getExpirationTime().toInstant());
        } catch (ParseException | JOSEException e) {
            throw new InvalidTokenException("refresh token is invalid or expired");
        }
    }

    private JWTClaimsSet.Builder claims(String username, String clientId, Instant expiresAt) {
        if (!isValidUsername(username)) {
            throw new IllegalArgumentException("username must be 1-64 letters, digits, '.', '_' or '-'");
        }
        var now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subjectFor(username))
                .claim("preferred_username", username)
                .claim("azp", clientId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString());
    }

    private String sign(JWTClaimsSet claims) {
        try {
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a development token", e);
        }
    }
}
