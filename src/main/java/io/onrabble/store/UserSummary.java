package io.onrabble.store;

/** A directory entry as the admin user search shows it. */
public record UserSummary(String id, String username, boolean banned) {
}
