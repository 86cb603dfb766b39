package io.onrabble.store;

/** This server's stable identity, advertised by {@code /discovery}. */
public record ServerIdentity(String serverId, String serverName) {
}
