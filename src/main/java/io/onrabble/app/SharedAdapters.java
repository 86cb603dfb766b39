package io.onrabble.app;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.onrabble.broker.Broker;
import io.onrabble.broker.MemoryBroker;
import io.onrabble.broker.MemoryPresence;
import io.onrabble.broker.Presence;
import io.onrabble.broker.ValkeyBroker;
import io.onrabble.broker.ValkeyPresence;
import io.onrabble.journal.EmbeddedJournal;
import io.onrabble.journal.MessageJournal;
import io.onrabble.journal.ValkeyJournal;
import io.onrabble.metrics.Metrics;
import io.onrabble.ratelimit.MemoryRateLimiter;
import io.onrabble.ratelimit.RateLimitPolicy;
import io.onrabble.ratelimit.RateLimiter;
import io.onrabble.ratelimit.ValkeyRateLimiter;
import io.onrabble.store.MessageStore;

import java.time.Duration;

/**
 * The adapters whose state nodes share: through Valkey when it is configured, in process for a
 * single node otherwise. Each is registered with the start-up's {@link Lifecycle} as it starts, so a
 * failure half-way (or shutdown) stops the journal's writers and lets go of Valkey.
 */
record SharedAdapters(MessageJournal journal, RateLimiter rateLimiter, Broker broker, Presence presence) {
    private static final Duration VALKEY_TIMEOUT = Duration.ofSeconds(2);
    /** How long a node's connections count as online after its last presence heartbeat. */
    private static final Duration PRESENCE_TTL = Duration.ofSeconds(15);

    static SharedAdapters start(Config config, MessageStore store, RateLimitPolicy policy, Metrics metrics,
                                String nodeId, Lifecycle lifecycle) {
        if (config.valkey().enabled()) {
            return valkey(config, store, policy, metrics, nodeId, lifecycle);
        }
        var journal = lifecycle.started("journal", EmbeddedJournal.open(store, config.historySize()));
        var broker = lifecycle.started("broker", new MemoryBroker());
        return new SharedAdapters(journal, new MemoryRateLimiter(policy), broker, new MemoryPresence());
    }

    private static SharedAdapters valkey(Config config, MessageStore store, RateLimitPolicy policy, Metrics metrics,
                                         String nodeId, Lifecycle lifecycle) {
        var uri = config.valkey().uri();
        uri.setTimeout(VALKEY_TIMEOUT);
        var client = RedisClient.create(uri);
        lifecycle.started("Valkey client", client, client::shutdown);
        // While Valkey is away, refuse commands at once (the sender gets 'unavailable') instead of
        // queueing them, and give up on a command that gets no answer; reconnect in the background.
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(VALKEY_TIMEOUT))
                .build());
        var prefix = config.valkey().keyPrefix();
        // The journal's final flush runs before the client shuts down: it is registered after it.
        var journal = lifecycle.started("journal", ValkeyJournal.start(client.connect(StringCodec.UTF8),
                client.connect(StringCodec.UTF8), prefix, store, config.historySize(), config.flush(), nodeId,
                config.shutdownTimeout(), metrics));
        var limiter = new ValkeyRateLimiter(policy,
                client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)), prefix);
        var broker = lifecycle.started("broker",
                new ValkeyBroker(client.connect(StringCodec.UTF8), client.connectPubSub(StringCodec.UTF8), prefix));
        var presence = new ValkeyPresence(client.connect(StringCodec.UTF8), prefix, nodeId, PRESENCE_TTL);
        return new SharedAdapters(journal, limiter, broker, presence);
    }
}
