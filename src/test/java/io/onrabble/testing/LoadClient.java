package io.onrabble.testing;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A chat client under steady load: it keeps up to {@code window} public messages in flight, each
 * with a unique nonce that is also its text, and records which were acknowledged (with the id the
 * server gave) and which were refused. Runs until stopped or the connection drops.
 */
public final class LoadClient implements AutoCloseable {
    private final String name;
    private final TestClient client;
    private final Semaphore window;
    private final Map<String, Long> acked = new ConcurrentHashMap<>();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private volatile boolean stopped;
    private Thread sender;
    private Thread reader;

    private LoadClient(String name, TestClient client, int window) {
        this.name = name;
        this.client = client;
        this.window = new Semaphore(window);
    }

    /** Connects (reading the connect sequence) and starts sending. */
    public static LoadClient start(URI wsUri, String name, int window) {
        return connect(wsUri, name, window).begin();
    }

    /** Connects without sending yet, so many clients can be connected before the load begins. */
    public static LoadClient connect(URI wsUri, String name, int window) {
        return of(TestClient.connect(wsUri), name, window);
    }

    /** Wraps a client connected some other way (e.g. through a proxy), reading its connect sequence. */
    public static LoadClient of(TestClient client, String name, int window) {
        client.skipTo("connected_users");
        return new LoadClient(name, client, window);
    }

    public LoadClient begin() {
        reader = Thread.ofVirtual().start(this::read);
        sender = Thread.ofVirtual().start(this::send);
        return this;
    }

    private void send() {
        try {
            while (!stopped && !client.isClosed()) {
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                var nonce = name + "-" + sent.incrementAndGet();
                client.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"" + nonce
                        + "\",\"nonce\":\"" + nonce + "\"}");
            }
        } catch (RuntimeException | InterruptedException e) {
            // the connection dropped (e.g. the server was killed): the reader records what was acked
        }
    }

    private void read() {
        try {
            while (true) {
                var frame = client.poll(100);
                if (frame == null) {
                    if (client.isClosed() || (stopped && sent.get() == answered.get())) {
                        return;
                    }
                    continue;
                }
                var type = frame.path("type").asText();
                var payload = frame.path("payload");
                if ("ack".equals(type)) {
                    acked.put(payload.path("nonce").asText(), payload.path("id").asLong());
                    answered.incrementAndGet();
                    window.release();
                } else if ("error".equals(type) && payload.has("nonce")) {
                    refused.put(payload.path("nonce").asText(), payload.path("code").asText());
                    answered.incrementAndGet();
                    window.release();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Nonce to message id of every acknowledged message. */
    public Map<String, Long> acked() {
        return Map.copyOf(acked);
    }

    /** Nonce to error code of every refused message. */
    public Map<String, String> refused() {
        return Map.copyOf(refused);
    }

    public Set<String> refusedCodes() {
        return Set.copyOf(refused.values());
    }

    /** Stops sending; waits (briefly) for the answers to what is in flight. */
    public void stop() throws InterruptedException {
        stopped = true;
        sender.join();
        reader.join(10_000);
    }

    public TestClient client() {
        return client;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        sender.join();
        client.close();
        reader.join(5_000);
    }
}
