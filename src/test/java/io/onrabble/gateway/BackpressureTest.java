package io.onrabble.gateway;

import io.onrabble.testing.RawWebSocket;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One slow or dead client never delays anyone else. */
class BackpressureTest {

    @Test
    void aClientThatStopsReadingIsClosedAndTheOthersGetEveryMessage() throws Exception {
        try (var server = TestServer.withRateLimit(100_000, 60, "WS_OUTBOUND_QUEUE_BYTES", "1048576");
             var stalled = RawWebSocket.open(server.port(), server.token("stalled"), 4096);
             var alice = server.connect("alice");
             var bob = server.connect("bob")) {
            var text = "y".repeat(3900);
            int count = 3000; // about 12 MB: far more than the stalled client's socket buffers and outbound queue hold
            // In steps of 100 (400 KB), each read by bob before the next: the healthy readers never hold
            // more than a step, on a loaded machine too, while the stalled client falls ever further behind.
            for (int step = 0; step < count; step += 100) {
                for (int i = step; i < step + 100; i++) {
                    alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"" + i + text + "\"}");
                }
                for (int i = step; i < step + 100; i++) {
                    var message = bob.skipTo("chat_message").path("payload").path("message").asText();
                    assertThat(message).startsWith(String.valueOf(i));
                }
            }
            var metrics = server.metrics();
            assertThat(metrics).containsPattern("onrabble_outbound_dropped_total [1-9]");
        }
    }

    @Test
    void aFloodingClientIsSlowedDownNotCutOffAndNothingIsLost() throws Exception {
        try (var server = TestServer.withRateLimit(100_000, 60, "WS_MAX_IN_FLIGHT", "4");
             var flood = server.connect("flood")) {
            int count = 500;
            for (int i = 0; i < count; i++) {
                flood.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"f" + i + "\",\"nonce\":\"" + i + "\"}");
            }
            // Up to WS_MAX_PENDING_SENDS of them commit at once; the acks still come in the order sent.
            var acked = new java.util.ArrayList<String>();
            while (acked.size() < count) {
                acked.add(flood.skipTo("ack").path("payload").path("nonce").asText());
            }
            assertThat(acked).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, count).mapToObj(String::valueOf).toList());
            assertThat(server.metrics()).containsPattern("onrabble_inbound_paused_total [1-9]");
        }
    }

    @Test
    void aClientThatStopsAnsweringPingsIsClosed() throws Exception {
        try (var server = TestServer.start("WS_PING_INTERVAL", "100ms", "WS_PING_TIMEOUT", "600ms");
             var silent = RawWebSocket.open(server.port(), server.token("silent"), 65536)) {
            var close = silent.readUntilClose();
            assertThat(close.closeCode()).isEqualTo(4004);
        }
    }

    @Test
    void aClientThatAnswersPingsStaysConnected() throws Exception {
        try (var server = TestServer.start("WS_PING_INTERVAL", "100ms", "WS_PING_TIMEOUT", "600ms");
             var alice = server.connect("alice")) {
            alice.quietFor(1500);
            alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"alive\"}");
            assertThat(alice.next("chat_message").path("payload").path("message").asText()).isEqualTo("alive");
        }
    }
}
