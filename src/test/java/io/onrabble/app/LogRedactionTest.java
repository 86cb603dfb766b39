package io.onrabble.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens never appear in logs, whatever path they take: valid, forged, refused, or inside an exception. */
class LogRedactionTest {

    @Test
    void noLogLineCarriesTokenText() throws Exception {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        var console = (OutputStreamAppender<ILoggingEvent>) root.getAppender("console");
        var captured = new ByteArrayOutputStream();
        var capture = new OutputStreamAppender<ILoggingEvent>();
        capture.setContext(context);
        capture.setEncoder(console.getEncoder()); // the production pattern, redaction included
        capture.setOutputStream(captured);
        capture.start();
        root.addAppender(capture);
        context.getLogger("io.onrabble").setLevel(ch.qos.logback.classic.Level.DEBUG);
        try (var server = TestServer.start()) {
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

            var output = captured.toString(StandardCharsets.UTF_8);
            assertThat(output).contains("a careless line").contains("token=[redacted]").contains("failed for [redacted]");
            for (var secret : new String[]{token, forged, token.split("\\.")[1], token.split("\\.")[2]}) {
                assertThat(output).doesNotContain(secret);
            }
        } finally {
            root.detachAppender(capture);
            context.getLogger("io.onrabble").setLevel(null);
        }
    }
}
