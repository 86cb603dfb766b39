package io.onrabble.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.onrabble.auth.DevIssuer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The bench's access tokens: publishers first, then subscribers, and an admin token if there is one. */
record Tokens(List<String> publishers, List<String> subscribers, String admin) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Minted by the embedded development issuer, as {@code token --count} does: users {@code <prefix>-pub-i}, {@code <prefix>-sub-i}. */
    static Tokens minted(DevIssuer issuer, String clientId, String prefix, int publishers, int subscribers) {
        var ttl = Duration.ofHours(12);
        var pub = new ArrayList<String>(publishers);
        for (int i = 1; i <= publishers; i++) {
            pub.add(issuer.issue(prefix + "-pub-" + i, false, clientId, ttl));
        }
        var sub = new ArrayList<String>(subscribers);
        for (int i = 1; i <= subscribers; i++) {
            sub.add(issuer.issue(prefix + "-sub-" + i, false, clientId, ttl));
        }
        return new Tokens(pub, sub, issuer.issue(prefix + "-admin", true, clientId, ttl));
    }

    /** One token a line (blank lines skipped): the first {@code publishers} publish, the next {@code subscribers} subscribe. */
    static Tokens fromFile(Path file, int publishers, int subscribers, String admin) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("--tokens " + file + " is not a readable file");
        }
        var lines = Files.readAllLines(file).stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
        if (lines.size() < publishers + subscribers) {
            throw new IllegalArgumentException("--tokens " + file + " holds " + lines.size() + " tokens, "
                    + (publishers + subscribers) + " are needed (--publishers " + publishers + " + --subscribers "
                    + subscribers + ")");
        }
        return new Tokens(lines.subList(0, publishers), lines.subList(publishers, publishers + subscribers), admin);
    }

    /** The user id ({@code sub}) a JWT names; the bench reads it only to raise its publishers' rate limits. */
    static String subject(String token) {
        var parts = token.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("a token is not a JWT (three dot-separated parts)");
        }
        try {
            var claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            var sub = claims.path("sub").asText("");
            if (sub.isEmpty()) {
                throw new IllegalArgumentException("a token has no sub claim");
            }
            return sub;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("a token's claims are unreadable: " + e.getMessage(), e);
        }
    }
}
