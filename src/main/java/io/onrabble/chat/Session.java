package io.onrabble.chat;

import io.onrabble.auth.Principal;
import io.onrabble.protocol.Frame;

import java.time.Duration;
import java.time.Instant;

/** One client connection as the hub sees it; the gateway implements it over a WebSocket. */
public interface Session {
    String id();

    Principal principal();

    Instant connectedAt();

    /** What the client declared it understands as it connected. */
    Capabilities capabilities();

    /** Queues a frame for the client without blocking; a client that cannot keep up is closed. */
    void send(Frame frame);

    void close(short code, String reason);

    /** Pings the client, or closes the connection when it has been silent for longer than {@code timeout}. */
    void keepAlive(Duration timeout);
}
