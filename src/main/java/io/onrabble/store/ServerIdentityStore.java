package io.onrabble.store;

import java.util.Optional;

/** The server identity row, created on first start and stable afterwards. */
public interface ServerIdentityStore {
    /** Returns the stored identity, creating it with a new id on first start; the name follows configuration. */
    ServerIdentity loadOrCreate(String serverName);

    /** The issuer recorded as the one whose users have bare ids, if any. */
    Optional<String> primaryIssuer();

    /** Records {@code issuer} as the one whose users have bare ids. */
    void recordPrimaryIssuer(String issuer);
}
