package io.onrabble.ratelimit;

import java.time.Duration;

/** At most {@code messageLimit} messages per {@code window}. */
public record RateLimitRule(int messageLimit, Duration window) {
    public RateLimitRule {
        if (messageLimit <= 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate limit needs a positive message limit and window");
        }
    }
}
