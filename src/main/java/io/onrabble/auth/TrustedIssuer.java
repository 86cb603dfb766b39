package io.onrabble.auth;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import java.util.Set;

/**
 * An issuer whose tokens are accepted: the keys its signatures are checked against, the audiences
 * ({@code aud}) and clients ({@code azp}) it may issue for (empty: not checked), and the prefix
 * given to its users' ids (empty with a single issuer, so ids are the plain {@code sub}).
 */
public record TrustedIssuer(String issuer, JWKSource<SecurityContext> keys, Set<String> audiences,
                            Set<String> clientIds, String userIdPrefix) {

}
