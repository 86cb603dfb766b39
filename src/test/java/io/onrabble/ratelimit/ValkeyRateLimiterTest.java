package io.onrabble.ratelimit;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.onrabble.testing.TestValkey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValkeyRateLimiterTest extends RateLimiterContractTest {
    private TestValkey valkey;
    private StatefulRedisConnection<String, byte[]> connection;

    @Override
    protected RateLimiter open(RateLimitPolicy policy) {
        valkey = TestValkey.shared();
        connection = valkey.client().connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        return new ValkeyRateLimiter(policy, connection, valkey.prefix());
    }

    @Override
    protected void dispose() {
        connection.close();
        valkey.close();
    }

    @Test
    void nodesShareOneBudgetPerUser() {
        var otherNode = new ValkeyRateLimiter(policy, connection, valkey.prefix());
        var thisNode = new ValkeyRateLimiter(policy, connection, valkey.prefix());

        assertThat(thisNode.tryAcquire("alice")).isInstanceOf(RateLimiter.Allowed.class);
        assertThat(otherNode.tryAcquire("alice")).isInstanceOf(RateLimiter.Allowed.class);
        assertThat(thisNode.tryAcquire("alice")).isInstanceOf(RateLimiter.Allowed.class);
        assertThat(otherNode.tryAcquire("alice")).isInstanceOf(RateLimiter.Limited.class);
    }
}
