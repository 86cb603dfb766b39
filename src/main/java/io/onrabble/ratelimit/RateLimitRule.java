package io.onrabble.ratelimit;

import io.github.bucket4j.Bandwidth;

import java.time.Duration;

/** At most {@code messageLimit} messages per {@code window}. */
public record RateLimitRule(int messageLimit, Duration window) {
    public RateLimitRule {
        if (messageLimit <= 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate limit needs a positive message limit and window");
        }
    }

    /** The rule as a Bucket4j limit: {@code messageLimit} tokens, refilled whole at the end of each window. */
    public Bandwidth bandwidth() {
        return Bandwidth.builder().capacity(messageLimit).refillIntervally(messageLimit, window).build();
    }
}
