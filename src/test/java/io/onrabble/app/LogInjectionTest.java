package io.onrabble.app;

import io.onrabble.testing.LogCapture;
import io.onrabble.testing.MockIssuer;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client input cannot forge log lines or recolour a terminal: a line starts with the server's
 * timestamp or is part of a stack trace, and no raw control character from a client survives.
 */
class LogInjectionTest {
    private static final Pattern REAL_LINE = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (TRACE|DEBUG|INFO |WARN |ERROR) \\[|\\t+(at |\\.\\.\\. \\d+ |Caused by: |Suppressed: )|Caused by: |[a-z][\\w.]*\\.[A-Z]\\w*(Exception|Error)\\b).*");
    private static final String FORGED = "2030-01-01T00:00:00.000Z ERROR [main] i.o.a.OnRabbleServer - database corrupted";

    /** Each line is a real one, and no NUL, CR, ESC or Unicode line separator got through. */
    private static void assertOneLinePerEvent(String output) {
        assertThat(output).as("the pattern's line break").doesNotContain("%n");
        for (var line : output.split("\n")) {
            assertThat(line).as("a log line").matches(REAL_LINE);
        }
        assertThat(output).doesNotContain("\u0000", "\r", "\u001b", "\u2028", "\u009b");
        assertThat(output.lines()).noneMatch(line -> line.startsWith(FORGED));
    }

    @Test
    void valuesAndExceptionMessagesAreEscaped() {
        try (var log = new LogCapture()) {
            var logger = LoggerFactory.getLogger("io.onrabble.test");
            var hostile = "x\n" + FORGED + "\r\u001b[31mred\u0000\u2028\u009b";
            logger.warn("user said {}", hostile, new IllegalStateException("refused: " + hostile,
                    new IllegalArgumentException("cause: " + hostile)));

            logger.info("next event");
            var output = log.text();
            assertOneLinePerEvent(output);
            assertThat(output.lines()).filteredOn(line -> line.contains(" - user said ") || line.endsWith(" - next event")).hasSize(2);
            assertThat(output).contains("user said x\\n" + FORGED + "\\r\\u001b[31mred\\u0000\\u2028\\u009b")
                    .contains("java.lang.IllegalStateException: refused: x\\n2030")
                    .contains("Caused by: java.lang.IllegalArgumentException: cause: x\\n2030")
                    .contains("\tat io.onrabble.app.LogInjectionTest");
        }
    }

    @Test
    void hostileUsernamesMessagesChannelsAndAdminParametersLeaveNoRawTraceInTheLog() throws Exception {
        try (var provider = new MockIssuer("Chatserver"); var log = new LogCapture();
             var server = TestServer.start("OIDC_ISSUERS", provider.issuer())) {
            assertThat(TestClient.refusedStatus(server.wsUri(provider.token("eve\n" + FORGED)))).isEqualTo(401);
            assertThat(TestClient.refusedStatus(server.wsUri(provider.token("eve\u001b[2J\u0000")))).isEqualTo(401);

            try (var alice = TestClient.connect(server.wsUri(provider.token("alice")))) {
                alice.skipTo("connected_users");
                alice.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"secret one\\n" + FORGED + "\",\"nonce\":\"a\"}");
                assertThat(alice.skipTo("ack").path("payload").path("nonce").asText()).isEqualTo("a");
                for (var frame : List.of(
                        "{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"secret two\\u0000\"}",
                        "{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"secret three\\u001b[31m\"}",
                        "{\"type\":\"chat_message\",\"channel\":\"Gen\\neral\\u001b\",\"message\":\"secret four\"}",
                        "{\"type\":\"private_chat_message\",\"recipient_id\":\"x\\n" + FORGED + "\",\"message\":\"secret five\"}",
                        "{\"type\":\"dance\\n" + FORGED + "\"}")) {
                    alice.send(frame);
                    assertThat(alice.skipTo("error").path("payload").path("code").asText()).as(frame).isEqualTo("bad_request");
                }
            }
            var admin = provider.token("root", claims -> claims.claim("realm_access", Map.of("roles", List.of("admin"))));
            for (var path : List.of("/activity/users/a%0A" + java.net.URLEncoder.encode(FORGED, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"), "/users?username=%1B%5B2J",
                    "/messages?keyword=secret%00six")) {
                assertThat(server.send("GET", path, admin, null).statusCode()).as(path).isEqualTo(400);
            }

            var output = log.text();
            assertOneLinePerEvent(output);
            assertThat(output).doesNotContain("secret");
        }
    }
}
