package io.onrabble.app;

import io.onrabble.testing.LogCapture;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens never appear in logs, whatever path they take: valid, forged, refused, or inside an exception. */
class LogRedactionTest {

    @Test
    void noLogLineCarriesTokenText() throws Exception {
        try (var log = new LogCapture(); var server = TestServer.start()) {
            var token = server.token("alice");
            var forged = token.substring(0, token.length() - 6) + "AAAAAA";
            try (var alice = TestClient.connect(server.wsUri(token))) {
                alice.skipTo("connected_users");
                alice.send("{\"type\":\"refresh_token\",\"token\":\"" + forged + "\"}");
                alice.skipTo("error");
            }
            TestClient.refusedStatus(server.wsUri(forged));
            var leaked = LoggerFactory.getLogger("io.onrabble.test");
            leaked.warn("a careless line: GET /ws?token={} and {}", token, token,
                    new IllegalStateException("failed for " + token));

            var output = log.text();
            assertThat(output).contains("a careless line").contains("token=[redacted]").contains("failed for [redacted]");
            for (var secret : new String[]{token, forged, token.split("\\.")[1], token.split("\\.")[2]}) {
                assertThat(output).doesNotContain(secret);
            }
        }
    }
}
