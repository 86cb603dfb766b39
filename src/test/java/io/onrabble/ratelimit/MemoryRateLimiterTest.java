package io.onrabble.ratelimit;

import org.junit.jupiter.api.Tag;

@Tag("fast")
class MemoryRateLimiterTest extends RateLimiterContractTest {
    @Override
    protected RateLimiter open(RateLimitPolicy policy) {
        return new MemoryRateLimiter(policy);
    }
}
