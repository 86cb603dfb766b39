package io.onrabble.ratelimit;

/** Decides whether a user may send one more message now. Public messages and DMs share the budget. */
public interface RateLimiter {
    Decision tryAcquire(String userId);

    sealed interface Decision {
    }

    record Allowed() implements Decision {
    }

    record Limited(long retryAfterMs) implements Decision {
    }
}
