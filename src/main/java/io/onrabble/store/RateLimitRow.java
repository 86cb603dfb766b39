package io.onrabble.store;

/** A stored rate limit: owner {@code default} is the global one, any other owner a per-user override. */
public record RateLimitRow(long id, String ownerId, int messageLimit, int windowSeconds) {
    public static final String DEFAULT_OWNER = "default";
}
