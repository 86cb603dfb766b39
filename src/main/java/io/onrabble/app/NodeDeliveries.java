package io.onrabble.app;

import io.onrabble.analytics.AdminFeed;
import io.onrabble.broker.Delivery;
import io.onrabble.chat.ChatHub;
import io.onrabble.ratelimit.RateLimitPolicy;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** This node's subscriber to the broker: hands each delivery to every feature that acts on it. */
final class NodeDeliveries implements Consumer<Delivery> {
    private final ChatHub hub;
    private final AdminFeed adminFeed;
    private final RateLimitPolicy rateLimitPolicy;
    private final Executor blocking;

    NodeDeliveries(ChatHub hub, AdminFeed adminFeed, RateLimitPolicy rateLimitPolicy, Executor blocking) {
        this.hub = hub;
        this.adminFeed = adminFeed;
        this.rateLimitPolicy = rateLimitPolicy;
        this.blocking = blocking;
    }

    @Override
    public void accept(Delivery delivery) {
        hub.deliverLocally(delivery);
        adminFeed.observe(delivery);
        if (delivery instanceof Delivery.RateLimitsChanged) {
            // Reloading reads the database; broker callbacks may run on an I/O thread.
            blocking.execute(rateLimitPolicy::reload);
        }
    }
}
