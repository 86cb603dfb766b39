package io.onrabble.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.onrabble.testing.RawWebSocket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load-generator connection cheap enough that 55 of them on one core keep up with the server:
 * broadcasts are counted from the first bytes of each frame, never parsed; only acks and errors
 * (one per sent message) are parsed. A publisher keeps {@code window} public messages in flight,
 * each with a unique nonce that is also its text; a subscriber ({@code window} 0) only receives.
 * Pings are answered, so the server keeps the connection.
 */
final class LeanClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] CHAT = "{\"type\":\"chat_message\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACK = "{\"type\":\"ack\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "{\"type\":\"error\"".getBytes(StandardCharsets.US_ASCII);

    private final String name;
    private final RawWebSocket socket;
    private final Semaphore window;
    private final boolean publisher;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final Map<String, Long> acked = new ConcurrentHashMap<>();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private volatile boolean closed;
    private Thread sender;
    private Thread reader;

    private LeanClient(String name, RawWebSocket socket, int window) {
        this.name = name;
        this.socket = socket;
        this.window = new Semaphore(window);
        this.publisher = window > 0;
    }

    static LeanClient connect(int port, String token, String name, int window) throws IOException {
        var client = new LeanClient(name, RawWebSocket.open(port, token, 1 << 20), window);
        client.reader = Thread.ofVirtual().name("read-" + name).start(client::read);
        return client;
    }

    void begin() {
        if (publisher) {
            sender = Thread.ofVirtual().name("send-" + name).start(this::send);
        }
    }

    private void send() {
        try {
            while (!stopped && !closed) {
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                var nonce = name + "-" + sent.incrementAndGet();
                write(0x81, "{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"" + nonce
                        + "\",\"nonce\":\"" + nonce + "\"}");
            }
        } catch (IOException | InterruptedException e) {
            closed = true;
        }
    }

    private synchronized void write(int firstByte, String text) throws IOException {
        socket.sendFrame(firstByte, text.getBytes(StandardCharsets.UTF_8), true);
    }

    private void read() {
        try {
            while (!closed) {
                RawWebSocket.Frame frame;
                try {
                    frame = socket.readFrame();
                } catch (java.net.SocketTimeoutException quiet) {
                    continue; // nothing for the socket's 15 s timeout (e.g. after the run): still connected
                }
                switch (frame.opcode()) {
                    case 0x1 -> text(frame.payload());
                    case 0x9 -> write(0x8A, new String(frame.payload(), StandardCharsets.UTF_8));
                    case 0x8 -> closed = true;
                    default -> {
                    }
                }
            }
        } catch (IOException e) {
            closed = true;
        }
    }

    private void text(byte[] payload) throws IOException {
        if (startsWith(payload, CHAT)) {
            received.incrementAndGet();
        } else if (startsWith(payload, ACK) || startsWith(payload, ERROR)) {
            var answer = JSON.readTree(payload).path("payload");
            if (!answer.has("nonce")) {
                return;
            }
            if (startsWith(payload, ACK)) {
                acked.put(answer.path("nonce").asText(), answer.path("id").asLong());
            } else {
                refused.put(answer.path("nonce").asText(), answer.path("code").asText());
            }
            answered.incrementAndGet();
            window.release();
        }
    }

    private static boolean startsWith(byte[] payload, byte[] prefix) {
        return java.util.Arrays.equals(payload, 0, Math.min(prefix.length, payload.length), prefix, 0, prefix.length);
    }

    /** Stops sending new messages (those in flight are still answered). */
    void stopSending() throws InterruptedException {
        stopped = true;
        if (sender != null) {
            sender.join();
        }
    }

    /** True once every sent message was acked or refused (or the connection is gone). */
    boolean settled() {
        return closed || sent.get() == answered.get();
    }

    long received() {
        return received.get();
    }

    long ackedCount() {
        return acked.size();
    }

    Map<String, Long> acked() {
        return Map.copyOf(acked);
    }

    Map<String, String> refused() {
        return Map.copyOf(refused);
    }

    boolean isClosed() {
        return closed;
    }

    void close() throws IOException, InterruptedException {
        closed = true;
        socket.close();
        reader.join(5_000);
    }
}
