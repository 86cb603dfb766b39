package io.onrabble.ratelimit;

class MemoryRateLimiterTest extends RateLimiterContractTest {
    @Override
    protected RateLimiter open(RateLimitPolicy policy) {
        return new MemoryRateLimiter(policy);
    }
}
