package io.onrabble.gateway;

import io.onrabble.testing.HostileValues;
import io.onrabble.testing.RawWebSocket;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code /ws} upgrade with each query parameter a client may send ({@code token}, {@code presence},
 * {@code channels}, and ones we do not know, e.g. {@code refresh}) set in turn to the hostile values of
 * the HTTP fuzz tests: a bad token is a 4xx before the upgrade, a malformed query string a 400, any
 * other value is ignored and the client gets its connect sequence; never a 5xx, and the server keeps
 * answering.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandshakeParameterFuzzTest {
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3})");

    private TestServer server;

    @BeforeAll
    void start() throws Exception {
        // Room for the sequential connections of one user and address; closing each takes the server a moment to notice.
        server = TestServer.start("WS_MAX_CONNECTIONS_PER_USER", "1000", "WS_MAX_CONNECTIONS_PER_ADDRESS", "1000");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void noHandshakeParameterValueGetsA5xx() throws Exception {
        var token = server.token("alice");
        var statuses = new TreeMap<String, Integer>();
        var problems = new ArrayList<String>();
        for (var name : List.of("token", "presence", "channels", "refresh", "unknown_parameter")) {
            for (var value : HostileValues.PARAMETERS) {
                var query = name.equals("token") ? value + "&presence=batch&channels=open"
                        : token + "&presence=batch&channels=open&" + name + "=" + value;
                var status = upgrade(query);
                statuses.merge(name + " " + status, 1, Integer::sum);
                var broken = HostileValues.BROKEN_ESCAPES.contains(value) || List.of("%C3%28", "%FF", "%C0%AF",
                        "%ED%A0%80", "%F4%90%80%80").contains(value);
                if (status >= 500) {
                    problems.add(name + "=" + abbreviate(value) + " answered " + status);
                } else if (broken && status != 400) {
                    problems.add(name + "=" + abbreviate(value) + " is not valid percent-encoding but answered " + status);
                } else if (!broken && !name.equals("token") && status != 101 && !value.equals("x".repeat(40_000))) {
                    problems.add(name + "=" + abbreviate(value) + " with a valid token answered " + status);
                } else if (name.equals("token") && status == 101) {
                    problems.add("token=" + abbreviate(value) + " was accepted");
                }
            }
        }
        assertThat(problems).as(statuses.toString()).isEmpty();
        assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
    }

    /** The upgrade's status; on 101 the connect sequence must start with a text frame. */
    private int upgrade(String query) throws IOException {
        try (var socket = RawWebSocket.open(server.port(), query, 65536)) {
            var frame = socket.readFrame();
            assertThat(frame.opcode()).as("the first frame of the connect sequence").isEqualTo(1);
            return 101;
        } catch (IOException e) {
            var status = STATUS.matcher(String.valueOf(e.getMessage()));
            if (!status.find()) {
                throw e;
            }
            return Integer.parseInt(status.group(1));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "... (" + text.length() + " chars)";
    }
}
