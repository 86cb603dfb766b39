package io.onrabble.auth;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/** An issuer whose tokens are accepted, with the key source its signatures are checked against. */
public record TrustedIssuer(String issuer, JWKSource<SecurityContext> keys) {
}
