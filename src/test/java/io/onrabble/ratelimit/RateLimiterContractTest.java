package io.onrabble.ratelimit;

import io.onrabble.store.Database;
import io.onrabble.store.JdbcRateLimitStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What every rate limiter adapter must do, run in process and in Valkey. */
abstract class RateLimiterContractTest {
    @TempDir
    Path dataDir;

    private Database db;
    protected RateLimitPolicy policy;
    private RateLimiter limiter;

    protected abstract RateLimiter open(RateLimitPolicy policy);

    protected void dispose() {
    }

    @BeforeEach
    void setUp() {
        db = Database.sqlite(dataDir);
        db.update("UPDATE rate_limits SET message_limit = 3, window_seconds = 60 WHERE owner_id = 'default'");
        policy = new RateLimitPolicy(new JdbcRateLimitStore(db));
        limiter = open(policy);
    }

    @AfterEach
    void tearDown() {
        dispose();
        db.close();
    }

    private long allowed(String user, int attempts) {
        return IntStream.range(0, attempts).mapToObj(i -> limiter.tryAcquire(user))
                .filter(RateLimiter.Allowed.class::isInstance).count();
    }

    @Test
    void allowsTheLimitPerUserThenSaysWhenToRetry() {
        assertThat(allowed("alice", 3)).isEqualTo(3);

        var refused = limiter.tryAcquire("alice");
        assertThat(refused).isInstanceOfSatisfying(RateLimiter.Limited.class,
                limited -> assertThat(limited.retryAfterMs()).isBetween(1L, 60_000L));
        assertThat(allowed("bob", 4)).isEqualTo(3);
    }

    @Test
    void aChangedRuleTakesEffectForTheNextMessage() {
        assertThat(allowed("alice", 4)).isEqualTo(3);

        db.update("INSERT INTO rate_limits (owner_id, message_limit, window_seconds, updated_at) VALUES ('alice-id', 5, 60, 0)");
        db.update("UPDATE rate_limits SET message_limit = 1 WHERE owner_id = 'default'");
        policy.reload();

        assertThat(allowed("alice-id", 6)).isEqualTo(5);
        assertThat(allowed("carol", 2)).isEqualTo(1);
    }
}
