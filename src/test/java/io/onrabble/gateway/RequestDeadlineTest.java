package io.onrabble.gateway;

import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sockets that send nothing, half a request line, their headers a byte at a time, or nothing more
 * after a refused upgrade are closed at the request-head deadline, while normal clients connect and chat, and an open WebSocket outlives
 * that deadline.
 */
class RequestDeadlineTest {

    private static Socket open(int port) throws IOException {
        var socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        return socket;
    }

    /** True once the server closed it; reads whatever answer came first (a slow client's request may complete). */
    private static boolean closedByServer(Socket socket) {
        try {
            socket.setSoTimeout(20);
            while (true) {
                if (socket.getInputStream().read() == -1) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Test
    void slowAndSilentClientsAreClosedAtTheDeadlineWhileNormalClientsConnect() throws Exception {
        try (var server = TestServer.start("HTTP_REQUEST_HEAD_TIMEOUT", "1s");
             var trickle = Executors.newSingleThreadScheduledExecutor()) {
            var sockets = new ArrayList<Socket>();
            try {
                for (int i = 0; i < 30; i++) {
                    sockets.add(open(server.port())); // silent
                    var half = open(server.port());
                    half.getOutputStream().write("GET /ws?tok".getBytes(StandardCharsets.US_ASCII));
                    sockets.add(half);
                }
                for (int i = 0; i < 10; i++) {
                    // a refused upgrade on a kept-alive connection, then silence: the next head has a deadline too
                    var refused = open(server.port());
                    refused.getOutputStream().write(("GET /ws?token=bad HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                            + "Connection: Upgrade\r\nSec-WebSocket-Key: MDEyMzQ1Njc4OWFiY2RlZg==\r\n"
                            + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    sockets.add(refused);
                }
                var slow = new ArrayList<Socket>();
                for (int i = 0; i < 30; i++) {
                    slow.add(open(server.port()));
                }
                sockets.addAll(slow);
                var request = ("GET /healthz HTTP/1.1\r\nHost: x\r\n" + "X-Padding: " + "p".repeat(200) + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                var position = new int[1];
                trickle.scheduleAtFixedRate(() -> {
                    var index = position[0]++;
                    if (index < request.length) {
                        for (var socket : slow) {
                            try {
                                socket.getOutputStream().write(request[index]);
                            } catch (IOException closed) {
                                // the server closed it: what we wait for
                            }
                        }
                    }
                }, 0, 50, TimeUnit.MILLISECONDS);

                try (var alice = server.connect("alice")) {
                    alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"hi\"}");
                    assertThat(alice.skipTo("chat_message").path("payload").path("message").asText()).isEqualTo("hi");

                    await().atMost(Duration.ofSeconds(15)).until(() -> sockets.stream().allMatch(RequestDeadlineTest::closedByServer));
                    // the open WebSocket is past the head deadline and lives on
                    alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"still\"}");
                    assertThat(alice.skipTo("chat_message").path("payload").path("message").asText()).isEqualTo("still");
                }
                assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
                assertThat(server.metrics()).containsPattern("onrabble_edge_deadline_exceeded_total\\{stage=\"request_head\"\\} (9\\d|\\d{3,})\\.0");
            } finally {
                for (var socket : sockets) {
                    socket.close();
                }
            }
        }
    }

}
