package io.onrabble.ratelimit;

import io.onrabble.store.RateLimitRow;
import io.onrabble.store.RateLimitStore;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Which rule applies to whom: a global default plus per-user overrides, loaded from the database
 * and replaced as a whole when an admin changes them.
 */
public final class RateLimitPolicy {
    private record Rules(RateLimitRule defaults, Map<String, RateLimitRule> overrides, long version) {
    }

    private final RateLimitStore store;
    private volatile Rules rules;

    public RateLimitPolicy(RateLimitStore store) {
        this.store = store;
        reload();
    }

    /** Re-reads every rule from the store; takes effect for the next message. */
    public synchronized void reload() {
        var defaults = new RateLimitRule(10, Duration.ofSeconds(60));
        var overrides = new HashMap<String, RateLimitRule>();
        for (var row : store.all()) {
            var rule = new RateLimitRule(row.messageLimit(), Duration.ofSeconds(row.windowSeconds()));
            if (row.ownerId().equals(RateLimitRow.DEFAULT_OWNER)) {
                defaults = rule;
            } else {
                overrides.put(row.ownerId(), rule);
            }
        }
        var previous = rules;
        if (previous != null && previous.defaults().equals(defaults) && previous.overrides().equals(overrides)) {
            return; // unchanged (e.g. the echo of this node's own change from the broker): keep every bucket
        }
        rules = new Rules(defaults, Map.copyOf(overrides), previous == null ? 0 : previous.version() + 1);
    }

    public RateLimitRule ruleFor(String userId) {
        var current = rules;
        return current.overrides().getOrDefault(userId, current.defaults());
    }

    /** Changes whenever the rules change, so limiters can drop state built under old rules. */
    public long version() {
        return rules.version();
    }
}
