package io.onrabble.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
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
 * tokens for any username. It exists only when no external issuer is configured.
 */
public final class DevIssuer {
    public static final String ISSUER = "urn:onrabble:dev-issuer";
    private static final String KEY_FILE = "dev-issuer-key.json";
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final RSAKey key;

    private DevIssuer(RSAKey key) {
        this.key = key;
    }

    /** Loads the key from {@code dataDir}, creating it (readable by the owner only) on first use. */
    public static DevIssuer loadOrCreate(Path dataDir) throws IOException {
        var file = dataDir.resolve(KEY_FILE);
        try {
            if (Files.exists(file)) {
                return new DevIssuer(RSAKey.parse(Files.readString(file)));
            }
            var key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyIDFromThumbprint(true).generate();
            Files.createDirectories(dataDir);
            var tmp = Files.createTempFile(dataDir, KEY_FILE, ".tmp");
            trySetOwnerOnly(tmp);
            Files.writeString(tmp, key.toJSONString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new DevIssuer(key);
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

    /** The development issuer as a trusted issuer: any audience, any client. */
    public TrustedIssuer trusted() {
        return new TrustedIssuer(ISSUER, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())), Set.of(), Set.of(), "");
    }

    /** The stable user id the development issuer gives a username. */
    public static String subjectFor(String username) {
        return UUID.nameUUIDFromBytes(("onrabble-dev:" + username).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public String issue(String username, boolean admin, String clientId, Duration ttl) {
        if (!USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("username must be 1-64 letters, digits, '.', '_' or '-'");
        }
        var now = Instant.now();
        var claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subjectFor(username))
                .claim("preferred_username", username)
                .claim("azp", clientId)
                .claim("realm_access", Map.of("roles", admin ? List.of("admin") : List.of()))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        try {
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a development token", e);
        }
    }
}
