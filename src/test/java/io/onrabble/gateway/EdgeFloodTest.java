package io.onrabble.gateway;

import io.onrabble.testing.ChildServer;
import io.onrabble.testing.RawWebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One attacker against a server in its own process with a 256 MiB heap: a ping flood from a client
 * that never reads its pongs, and a deflate bomb. The attacker is closed, the heap holds, and the
 * server answers {@code /healthz} throughout.
 */
class EdgeFloodTest {

    /** Polls /healthz every 100 ms from another thread and records each status (-1: no answer within 2 s). */
    private static final class HealthWatch implements AutoCloseable {
        private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        HealthWatch(ChildServer server) {
            thread = Thread.ofPlatform().start(() -> {
                while (running.get()) {
                    statuses.add(server.status("/healthz", Duration.ofSeconds(2)));
                    try {
                        Thread.sleep(100); // the polling period, not a wait for a condition
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
            assertThat(statuses).isNotEmpty().allSatisfy(status -> assertThat(status).isEqualTo(200));
        }
    }

    @Test
    void aPingFloodFromAClientThatNeverReadsIsClosedAndTheServerStaysUp(@TempDir Path dir) throws Exception {
        try (var server = ChildServer.start(dir, Map.of()); var health = new HealthWatch(server);
             var attacker = RawWebSocket.open(server.port(), server.token("flooder"), 4096)) {
            var sent = 0;
            try {
                for (; sent < 2_000_000; sent++) {
                    attacker.sendFrame(0x89, ("ping " + sent).getBytes(), true);
                }
            } catch (IOException closed) {
                // the server closed the connection while the flood went on
            }
            assertThat(sent).as("pings the server took before closing").isLessThan(2_000_000);
            assertThat(attacker.closedByServer()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.status("/healthz", Duration.ofSeconds(2)) == 200);
        }
    }

    @Test
    void compressionIsNotNegotiatedByDefaultAndADeflateBombIsRefusedUnread(@TempDir Path dir) throws Exception {
        try (var server = ChildServer.start(dir, Map.of()); var health = new HealthWatch(server)) {
            var head = new StringBuilder();
            try (var attacker = RawWebSocket.openOffering(server.port(), server.token("bomber"),
                    "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n", head)) {
                assertThat(head.toString().toLowerCase()).doesNotContain("sec-websocket-extensions");
                attacker.sendFrame(0x80 | 0x40 | 0x1, bomb(), true); // RSV1: "compressed", never negotiated
                assertThat(attacker.readUntilClose().closeCode()).isEqualTo(1002);
                assertThat(attacker.closedByServer()).isTrue();
            }
        }
    }

    /** About 500 KiB of deflate that inflates to 512 MiB of spaces. */
    private static byte[] bomb() {
        var deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        var chunk = new byte[1 << 20];
        java.util.Arrays.fill(chunk, (byte) ' ');
        var out = new ByteArrayOutputStream();
        var buffer = new byte[1 << 16];
        for (int i = 0; i < 512; i++) {
            deflater.setInput(chunk);
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        return out.toByteArray();
    }
}
