package io.onrabble.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.util.UUID;

/**
 * A key prefix of its own on a Valkey (the shared one on 6379 unless told otherwise), so tests
 * running beside each other never see each other's keys; its keys are deleted on close.
 */
public final class TestValkey implements AutoCloseable {
    public static final String SHARED_URL = "redis://127.0.0.1:6379";

    private final String url;
    private final String prefix = "onrabble-test:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private TestValkey(String url) {
        this.url = url;
        this.client = RedisClient.create(url);
        this.connection = client.connect();
    }

    public static TestValkey shared() {
        return new TestValkey(SHARED_URL);
    }

    public static TestValkey at(String url) {
        return new TestValkey(url);
    }

    public String url() {
        return url;
    }

    public String prefix() {
        return prefix;
    }

    public RedisCommands<String, String> commands() {
        return connection.sync();
    }

    /** A new connection, e.g. for an adapter under test (the caller closes it). */
    public StatefulRedisConnection<String, String> connect() {
        return client.connect();
    }

    public RedisClient client() {
        return client;
    }

    /** Deletes every key under this prefix, as if Valkey had lost its data. */
    public void deleteAll() {
        var keys = ScanIterator.scan(commands(), ScanArgs.Builder.matches(prefix + "*").limit(500));
        while (keys.hasNext()) {
            commands().del(keys.next());
        }
    }

    @Override
    public void close() {
        try {
            deleteAll();
        } finally {
            connection.close();
            client.shutdown();
        }
    }
}
