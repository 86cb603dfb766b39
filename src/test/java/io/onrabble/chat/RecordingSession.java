package io.onrabble.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.onrabble.auth.Principal;
import io.onrabble.protocol.Frame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A connection without a socket: keeps every frame the hub hands it, and how it was closed. */
final class RecordingSession implements Session {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final String id;
    private final Principal principal;
    private final Capabilities capabilities;
    final List<Frame> frames = new CopyOnWriteArrayList<>();
    volatile Short closedWith;

    /** A chat connection of {@code username} (user id {@code <username>-id}). */
    RecordingSession(String username) {
        this(username, "ChatClient");
    }

    RecordingSession(String username, String clientId) {
        this(username, clientId, Capabilities.LEGACY);
    }

    RecordingSession(String username, String clientId, Capabilities capabilities) {
        this.capabilities = capabilities;
        this.id = username + "-" + IDS.incrementAndGet();
        this.principal = new Principal(username + "-id", username, "test", clientId, Set.of("admin"),
                Instant.now().plusSeconds(60));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public Instant connectedAt() {
        return Instant.EPOCH;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public void send(Frame frame) {
        frames.add(frame);
    }

    @Override
    public void close(short code, String reason) {
        closedWith = code;
    }

    @Override
    public void keepAlive(Duration timeout) {
    }

    List<String> types() {
        return frames.stream().map(Frame::type).toList();
    }

    Frame last(String type) {
        return frames.stream().filter(f -> f.type().equals(type)).reduce((a, b) -> b).orElseThrow();
    }

    /** The payloads of every frame of {@code type} so far, decoded for reading. */
    List<JsonNode> payloads(String type) {
        return frames.stream().filter(f -> f.type().equals(type)).map(RecordingSession::payload).toList();
    }

    static JsonNode payload(Frame frame) {
        try {
            return JSON.readTree(frame.json()).path("payload");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
