package io.onrabble.ratelimit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulRedisConnection;
import io.onrabble.valkey.ValkeyKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The production adapter: the same token buckets as {@link MemoryRateLimiter}, kept in Valkey so
 * every node counts against one budget per user. Bucket4j's Lettuce proxy updates a bucket with
 * an atomic compare-and-swap script.
 *
 * <p>The bucket's key names the rule it was built for, so a changed rule (an admin edit, a
 * reload) starts a fresh bucket under a new key on every node, just as the memory adapter drops
 * buckets built under old rules; the old key expires once it would have refilled anyway.
 */
public final class ValkeyRateLimiter implements RateLimiter {
    private static final Logger log = LoggerFactory.getLogger(ValkeyRateLimiter.class);

    private final RateLimitPolicy policy;
    private final ProxyManager<String> buckets;
    private final String keyPrefix;

    public ValkeyRateLimiter(RateLimitPolicy policy, StatefulRedisConnection<String, byte[]> connection, String keyPrefix) {
        this.policy = policy;
        this.keyPrefix = new ValkeyKeys(keyPrefix).rateLimitPrefix();
        this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .requestTimeout(Duration.ofSeconds(2))
                .build();
    }

    /**
     * When Valkey is unreachable the limiter lets the message through: the journal refuses it
     * anyway ({@code unavailable}), in durability 'valkey' because the append needs the same Valkey,
     * in 'database' because a message that cannot be fanned out is not stored.
     */
    @Override
    public Decision tryAcquire(String userId) {
        var rule = policy.ruleFor(userId);
        var key = keyPrefix + userId + ":" + rule.messageLimit() + "/" + rule.window().toMillis();
        try {
            var probe = buckets.builder()
                    .build(key, () -> BucketConfiguration.builder().addLimit(rule.bandwidth()).build())
                    .tryConsumeAndReturnRemaining(1);
            if (probe.isConsumed()) {
                return new Allowed();
            }
            return new Limited(Math.max(1, TimeUnit.NANOSECONDS.toMillis(probe.getNanosToWaitForRefill())));
        } catch (RuntimeException e) {
            log.debug("rate limit not checked, Valkey unreachable: {}", e.getMessage());
            return new Allowed();
        }
    }
}
