package io.onrabble.auth.dev;

import io.vertx.core.MultiMap;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OAuth authorization request to the development issuer (query of the GET, or the hidden fields
 * of the sign-in form's POST), checked in the order RFC 6749 prescribes: an unknown client or a
 * redirect URI that is not allowed is answered on a page of our own and never redirected to; any
 * other mistake goes back to the client's redirect URI as an OAuth error.
 */
record AuthorizationRequest(String clientId, URI redirectUri, String state, String codeChallenge, String nonce,
                            String scope) {
    private static final List<String> NAMES = List.of("response_type", "client_id", "redirect_uri", "state",
            "code_challenge", "code_challenge_method", "scope", "nonce");
    private static final int MAX_PARAMETER_CHARS = 1024;

    sealed interface Parsed {
    }

    /** Refused without redirecting: the page says why. */
    record Refused(String reason) implements Parsed {
    }

    /** Refused back to the client: {@code error} as OAuth names it. */
    record ErrorRedirect(URI redirectUri, String error, String description, String state) implements Parsed {
    }

    record Valid(AuthorizationRequest request) implements Parsed {
    }

    static Parsed parse(MultiMap parameters, DevClientPolicy policy) {
        for (var name : NAMES) {
            if (parameters.getAll(name).size() > 1) {
                return new Refused("the parameter " + name + " appears more than once");
            }
        }
        var clientId = parameters.get("client_id");
        if (!policy.knownClient(clientId)) {
            return new Refused("client_id is missing or names no client of this server");
        }
        var redirect = policy.redirectTarget(parameters.get("redirect_uri"));
        if (redirect.isEmpty()) {
            return new Refused("redirect_uri is missing or not allowed: it must be an http URL on loopback "
                    + "(127.0.0.1, localhost, [::1]) or lie below this server's public URL");
        }
        var state = parameters.get("state");
        for (var name : NAMES) {
            var value = parameters.get(name);
            if (value != null && value.length() > MAX_PARAMETER_CHARS) {
                return new ErrorRedirect(redirect.get(), "invalid_request", name + " is too long", null);
            }
        }
        if (!"code".equals(parameters.get("response_type"))) {
            return new ErrorRedirect(redirect.get(), "unsupported_response_type", "only response_type=code is supported", state);
        }
        var challenge = parameters.get("code_challenge");
        if (challenge == null || !challenge.matches("[A-Za-z0-9_-]{43}")
                || !"S256".equals(parameters.get("code_challenge_method"))) {
            return new ErrorRedirect(redirect.get(), "invalid_request",
                    "PKCE is required: code_challenge with code_challenge_method=S256", state);
        }
        return new Valid(new AuthorizationRequest(clientId, redirect.get(), state, challenge,
                parameters.get("nonce"), parameters.get("scope")));
    }

    /** The request's parameters, to carry through the sign-in form. */
    Map<String, String> asFields() {
        var fields = new LinkedHashMap<String, String>();
        fields.put("response_type", "code");
        fields.put("client_id", clientId);
        fields.put("redirect_uri", redirectUri.toString());
        fields.put("code_challenge", codeChallenge);
        fields.put("code_challenge_method", "S256");
        if (state != null) {
            fields.put("state", state);
        }
        if (scope != null) {
            fields.put("scope", scope);
        }
        if (nonce != null) {
            fields.put("nonce", nonce);
        }
        return fields;
    }
}
