package io.onrabble.store;

import java.time.Instant;
import java.util.List;

/**
 * A search over public messages; every filter given must hold. {@code keyword}, {@code userId},
 * {@code from} (inclusive) and {@code to} (exclusive) may be null; an empty {@code channels} means any channel.
 */
public record MessageQuery(String keyword, List<String> channels, String userId, Instant from, Instant to,
                           int limit, int offset) {
    public MessageQuery {
        channels = List.copyOf(channels);
    }
}
