package io.onrabble.ratelimit;

import io.onrabble.broker.Broker;
import io.onrabble.broker.NodeEvent;
import io.onrabble.store.RateLimitRow;
import io.onrabble.store.RateLimitStore;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Changes to the stored rate limits: the global default and per-user overrides. Each change takes
 * effect here at once and, through the broker, on every other node. Blocking.
 */
public final class RateLimitSettings {
    public static final int MAX_MESSAGE_LIMIT = 10_000;
    public static final int MAX_WINDOW_SECONDS = 86_400;

    private final RateLimitStore store;
    private final RateLimitPolicy policy;
    private final Broker broker;
    private final Clock clock;

    public RateLimitSettings(RateLimitStore store, RateLimitPolicy policy, Broker broker, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.broker = broker;
        this.clock = clock;
    }

    public RateLimitRow defaults() {
        return store.findByOwner(RateLimitRow.DEFAULT_OWNER).orElseThrow();
    }

    /** Changes row {@code id} (the default or an override); empty when there is no such row. */
    public Optional<RateLimitRow> update(long id, int messageLimit, int windowSeconds) {
        if (!store.update(id, messageLimit, windowSeconds, clock.instant())) {
            return Optional.empty();
        }
        changed();
        return store.find(id);
    }

    public List<RateLimitRow> overrides() {
        return store.all().stream().filter(row -> !row.ownerId().equals(RateLimitRow.DEFAULT_OWNER)).toList();
    }

    public Optional<RateLimitRow> override(String userId) {
        return store.findByOwner(userId).filter(row -> !row.ownerId().equals(RateLimitRow.DEFAULT_OWNER));
    }

    public RateLimitRow putOverride(String userId, int messageLimit, int windowSeconds) {
        var row = store.put(userId, messageLimit, windowSeconds, clock.instant());
        changed();
        return row;
    }

    /** Removes the override of {@code userId}; false when there was none. */
    public boolean removeOverride(String userId) {
        if (!store.delete(userId)) {
            return false;
        }
        changed();
        return true;
    }

    /** This node applies the change before answering; the others reload when the broker tells them. */
    private void changed() {
        policy.reload();
        broker.publish(new NodeEvent.RateLimitsChanged());
    }
}
