package io.onrabble.ratelimit;

import io.github.bucket4j.Bucket;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The embedded adapter: one Bucket4j bucket per user, refilled whole at the end of each window. */
public final class MemoryRateLimiter implements RateLimiter {
    private static final int EVICT_EVERY = 4096;

    private record Entry(long version, RateLimitRule rule, Bucket bucket) {
    }

    private final RateLimitPolicy policy;
    private final ConcurrentHashMap<String, Entry> buckets = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    public MemoryRateLimiter(RateLimitPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Decision tryAcquire(String userId) {
        if (calls.incrementAndGet() % EVICT_EVERY == 0) {
            evictFullBuckets();
        }
        var version = policy.version();
        var entry = buckets.compute(userId, (id, existing) ->
                existing != null && existing.version() == version ? existing : newEntry(id, version));
        var probe = entry.bucket().tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return new Allowed();
        }
        return new Limited(Math.max(1, TimeUnit.NANOSECONDS.toMillis(probe.getNanosToWaitForRefill())));
    }

    private Entry newEntry(String userId, long version) {
        var rule = policy.ruleFor(userId);
        var bucket = Bucket.builder().addLimit(rule.bandwidth()).build();
        return new Entry(version, rule, bucket);
    }

    /** A full bucket holds no information: dropping it keeps memory bounded by active senders. */
    private void evictFullBuckets() {
        buckets.entrySet().removeIf(e -> e.getValue().bucket().getAvailableTokens() >= e.getValue().rule().messageLimit());
    }
}
