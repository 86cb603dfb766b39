package io.onrabble.gateway;

import io.onrabble.testing.RawWebSocket;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames that break RFC 6455, byte by byte over a raw socket: each fails the connection with the
 * code the RFC asks for (1007 for text that is not UTF-8, 1002 for protocol errors, 1009 for a frame
 * over the limit, 1008 for a control-frame flood), the server closes the TCP connection, and nothing
 * the frame carried is stored.
 */
class MalformedFrameTest {
    private static final int FIN = 0x80;
    private static final int TEXT = 0x1;
    private static final int CONTINUATION = 0x0;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("WS_MAX_FRAME_BYTES", "4096");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Sent(int firstByte, byte[] payload, boolean masked) {
    }

    private record Case(String name, int closeCode, List<Sent> frames) {
    }

    private static Sent frame(int firstByte, byte[] payload) {
        return new Sent(firstByte, payload, true);
    }

    /** A chat message whose JSON holds {@code bytes} raw (not escaped) in the given field. */
    private static byte[] chatWith(String field, byte[] bytes) {
        var out = new ByteArrayOutputStream();
        out.writeBytes("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"stored?\",".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(("\"" + field + "\":\"x").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        var out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] closeWith(int code) {
        return bytes(code >> 8, code & 0xff);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static final byte[] INVALID = bytes(0xC3, 0x28);

    private static List<Case> cases() {
        var cases = new ArrayList<Case>();
        for (var field : new String[]{"message", "nonce", "unknown_field"}) {
            cases.add(new Case("invalid UTF-8 in " + field, 1007, List.of(frame(FIN | TEXT, chatWith(field, INVALID)))));
        }
        cases.add(new Case("overlong encoding", 1007, List.of(frame(FIN | TEXT, chatWith("message", bytes(0xC0, 0xAF))))));
        cases.add(new Case("encoded surrogate", 1007, List.of(frame(FIN | TEXT, chatWith("message", bytes(0xED, 0xA0, 0x80))))));
        cases.add(new Case("beyond U+10FFFF", 1007, List.of(frame(FIN | TEXT, chatWith("message", bytes(0xF4, 0x90, 0x80, 0x80))))));
        cases.add(new Case("truncated sequence at the end", 1007, List.of(frame(FIN | TEXT, bytes(0x7B, 0xE2, 0x82)))));
        var whole = chatWith("message", bytes(0xE2, 0x82, 0x28));
        cases.add(new Case("invalid UTF-8 split across fragments", 1007, List.of(
                frame(TEXT, java.util.Arrays.copyOfRange(whole, 0, whole.length - 5)),
                frame(FIN | CONTINUATION, java.util.Arrays.copyOfRange(whole, whole.length - 5, whole.length)))));
        cases.add(new Case("RSV1 without an extension", 1002, List.of(frame(FIN | 0x40 | TEXT, chatWith("message", utf8("a"))))));
        cases.add(new Case("RSV2", 1002, List.of(frame(FIN | 0x20 | TEXT, chatWith("message", utf8("a"))))));
        cases.add(new Case("RSV3", 1002, List.of(frame(FIN | 0x10 | TEXT, chatWith("message", utf8("a"))))));
        cases.add(new Case("reserved data opcode 3", 1002, List.of(frame(FIN | 0x3, utf8("x")))));
        cases.add(new Case("reserved control opcode 11", 1002, List.of(frame(FIN | 0xB, utf8("x")))));
        for (var code : new int[]{999, 1004, 1005, 1006, 1015, 2999, 5000, 65535}) {
            cases.add(new Case("close code " + code, 1002, List.of(frame(FIN | CLOSE, closeWith(code)))));
        }
        cases.add(new Case("ping over 125 bytes", 1002, List.of(frame(FIN | PING, new byte[126]))));
        cases.add(new Case("fragmented ping", 1002, List.of(frame(PING, utf8("x")))));
        cases.add(new Case("continuation without a start", 1002, List.of(frame(FIN | CONTINUATION, utf8("{}")))));
        cases.add(new Case("a new message inside a fragmented one", 1002, List.of(
                frame(TEXT, utf8("{\"type\":")), frame(FIN | TEXT, chatWith("message", utf8("a"))))));
        cases.add(new Case("unmasked client frame", 1002, List.of(new Sent(FIN | TEXT, chatWith("message", utf8("a")), false))));
        return cases;
    }

    @Test
    void eachViolationFailsTheConnectionWithTheRfcCodeAndStoresNothing() throws Exception {
        for (var c : cases()) {
            try (var raw = RawWebSocket.open(server.port(), server.token("mallory"), 65536)) {
                for (var sent : c.frames()) {
                    raw.sendFrame(sent.firstByte(), sent.payload(), sent.masked());
                }
                assertThat(raw.readUntilClose().closeCode()).as(c.name()).isEqualTo(c.closeCode());
                assertThat(raw.closedByServer()).as(c.name()).isTrue();
            }
        }
        try (var raw = RawWebSocket.open(server.port(), server.token("mallory"), 65536)) {
            // a masked text frame announcing 70 000 bytes, limit 64 KiB: refused from its header
            raw.sendBytes(bytes(FIN | TEXT, 0x80 | 127, 0, 0, 0, 0, 0, 1, 0x11, 0x70, 1, 2, 3, 4, 'x'));
            assertThat(raw.readUntilClose().closeCode()).as("frame over the limit").isEqualTo(1009);
            assertThat(raw.closedByServer()).isTrue();
        }
        var stored = server.send("GET", "/messages", server.adminToken("root"), null).body();
        assertThat(stored).contains("\"messages\":[]");
        var metrics = server.metrics();
        assertThat(metrics).contains("onrabble_ws_protocol_failures_total{code=\"1007\"} 8.0")
                .contains("onrabble_ws_protocol_failures_total{code=\"1002\"}")
                .contains("onrabble_ws_protocol_failures_total{code=\"1009\"} 1.0");
    }

    @Test
    void validUtf8SplitInsideACharacterAcrossFragmentsIsAccepted() throws Exception {
        var whole = utf8("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"price: 5€\",\"nonce\":\"n1\"}");
        var euro = new String(whole, StandardCharsets.UTF_8).indexOf('€');
        var split = utf8(new String(whole, StandardCharsets.UTF_8).substring(0, euro)).length + 1; // inside the 3 bytes of €
        try (var client = server.connect("alice"); var raw = RawWebSocket.open(server.port(), server.token("bob"), 65536)) {
            raw.sendFrame(TEXT, java.util.Arrays.copyOfRange(whole, 0, split), true);
            raw.sendFrame(FIN | CONTINUATION, java.util.Arrays.copyOfRange(whole, split, whole.length), true);
            assertThat(client.skipTo("chat_message").path("payload").path("message").asText()).isEqualTo("price: 5€");
        }
    }

    @Test
    void aPingFloodIsClosedWithPolicyViolationWhileOthersChatOn() throws Exception {
        try (var alice = server.connect("alice"); var raw = RawWebSocket.open(server.port(), server.token("flooder"), 4096)) {
            // 200 pings at once, ten times the burst allowed (2 × 10 per second), in one write: the server
            // closes during the flood, and a write after its close would fail with a broken pipe
            var flood = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 200; i++) {
                flood.writeBytes(RawWebSocket.frame(FIN | PING, utf8("ping " + i), true));
            }
            raw.sendBytes(flood.toByteArray());
            assertThat(raw.readUntilClose().closeCode()).isEqualTo(1008);
            alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"still here\"}");
            assertThat(alice.skipTo("chat_message").path("payload").path("message").asText()).isEqualTo("still here");
        }
        assertThat(server.metrics()).contains("onrabble_ws_protocol_failures_total{code=\"1008\"}");
    }
}
