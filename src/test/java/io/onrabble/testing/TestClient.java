package io.onrabble.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (the JDK's) that collects the server's frames as JSON. */
public final class TestClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long WAIT_SECONDS = 10;

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    private TestClient() {
    }

    public static TestClient connect(URI uri) {
        return connect(uri, HTTP.newWebSocketBuilder());
    }

    /** Connects with a builder that carries extra headers or subprotocols. */
    public static TestClient connect(URI uri, WebSocket.Builder builder) {
        var client = new TestClient();
        client.socket = builder.buildAsync(uri, client.listener()).join();
        return client;
    }

    /** The subprotocol the server selected, or "". */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** Attempts a connection that the server must refuse; returns the HTTP status of the refusal. */
    public static int refusedStatus(URI uri) {
        try {
            HTTP.newWebSocketBuilder().buildAsync(uri, new TestClient().listener()).join().abort();
            throw new AssertionError("the server accepted the connection");
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        frames.add(JSON.readTree(partial.toString()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(-1);
            }
        };
    }

    public TestClient send(String json) {
        socket.sendText(json, true).join();
        return this;
    }

    public TestClient sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
        return this;
    }

    /** The next frame, whatever its type. */
    public JsonNode next() {
        try {
            var frame = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("no frame within " + WAIT_SECONDS + " s");
            }
            return frame;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The next frame within {@code millis}, or null when none came (e.g. the server is gone). */
    public JsonNode poll(long millis) throws InterruptedException {
        return frames.poll(millis, TimeUnit.MILLISECONDS);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** The next frame, which must be of {@code type}. */
    public JsonNode next(String type) {
        var frame = next();
        if (!type.equals(frame.path("type").asText())) {
            throw new AssertionError("expected a " + type + " frame but got " + frame);
        }
        return frame;
    }

    /** Skips frames until one of {@code type} arrives. */
    public JsonNode skipTo(String type) {
        while (true) {
            var frame = next();
            if (type.equals(frame.path("type").asText())) {
                return frame;
            }
        }
    }

    /** The next frame, or null when none arrives within {@code timeout}. */
    public JsonNode poll(java.time.Duration timeout) throws InterruptedException {
        return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True when no frame arrives within {@code millis}. */
    public boolean quietFor(long millis) throws InterruptedException {
        var frame = frames.poll(millis, TimeUnit.MILLISECONDS);
        if (frame != null) {
            throw new AssertionError("expected silence but got " + frame);
        }
        return true;
    }

    /** Waits for the server to close the connection and returns the close code. */
    public int awaitClose() {
        try {
            return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the server did not close the connection", e);
        }
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(WAIT_SECONDS, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
            closed.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).exceptionally(e -> -1).join();
        }
    }
}
