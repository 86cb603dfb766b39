package io.onrabble.store;

/** The server identity row, created on first start and stable afterwards. */
public interface ServerIdentityStore {
    /** Returns the stored identity, creating it with a new id on first start; the name follows configuration. */
    ServerIdentity loadOrCreate(String serverName);
}
