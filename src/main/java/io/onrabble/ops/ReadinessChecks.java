package io.onrabble.ops;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.onrabble.auth.TrustedIssuer;
import io.onrabble.store.Database;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/** The checks {@code /readyz} runs: the database, Valkey when configured, the identity provider's keys. */
public final class ReadinessChecks {
    private static final JWKSelector ANY_KEY = new JWKSelector(new JWKMatcher.Builder().build());

    private ReadinessChecks() {
    }

    public static Readiness.Check database(Database database) {
        return new Readiness.Check("database", () -> database.query("SELECT 1", row -> row.getInt(1)));
    }

    /**
     * The issuers' signing keys: fetched on first use and cached (through an outage, too), so this
     * fails when tokens cannot be verified, not at every blip of the provider.
     */
    public static Readiness.Check identity(List<TrustedIssuer> issuers) {
        return new Readiness.Check("identity", () -> {
            for (var issuer : issuers) {
                if (issuer.keys().get(ANY_KEY, null).isEmpty()) {
                    throw new KeySourceException("issuer " + issuer.issuer() + " offers no signing key");
                }
            }
        });
    }

    /** Valkey, over a connection of the check's own (so it sees what a new command would see); close it on stop. */
    public static final class Valkey implements AutoCloseable {
        private static final Duration TIMEOUT = Duration.ofSeconds(2);

        private final RedisClient client;
        // A lock, not synchronized: a virtual thread waiting for a connect must not pin its carrier (JDK 21).
        private final ReentrantLock connecting = new ReentrantLock();
        private StatefulRedisConnection<String, String> connection;

        public Valkey(RedisURI uri) {
            uri.setTimeout(TIMEOUT);
            client = RedisClient.create(uri);
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
                    .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                    .build());
        }

        public Readiness.Check check() {
            return new Readiness.Check("valkey", () -> connection().sync().ping());
        }

        /** Connects on first use (Valkey may be down at start); once connected, Lettuce reconnects by itself. */
        private StatefulRedisConnection<String, String> connection() {
            connecting.lock();
            try {
                if (connection == null) {
                    connection = client.connect();
                }
                return connection;
            } finally {
                connecting.unlock();
            }
        }

        @Override
        public void close() {
            client.shutdown();
        }
    }
}
