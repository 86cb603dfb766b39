package io.onrabble.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.onrabble.auth.DevIssuer;
import io.onrabble.testing.ChildServer;
import io.onrabble.testing.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ONRABBLE_LOG_FORMAT=json: a real server process writes one JSON object per line, with the MDC fields and no token. */
class JsonLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void everyLineIsOneJsonObjectWithTheContextFieldsAndNoToken() throws Exception {
        String token;
        try (var server = ChildServer.start(dataDir, Map.of("LOG_FORMAT", "json", "LOG_LEVEL", "DEBUG"))) {
            var uri = server.wsUri("alice");
            token = uri.getQuery().substring("token=".length());
            try (var alice = TestClient.connect(uri)) {
                alice.skipTo("connected_users");
                alice.send("{\"type\":\"refresh_token\",\"token\":\"" + token + "x\"}");
                alice.skipTo("error");
            }
            TestClient.refusedStatus(URI.create(uri + "x"));
            assertThat(server.terminate()).isLessThan(Duration.ofSeconds(30));
        }

        var lines = Files.readAllLines(dataDir.resolve("child.log")).stream().filter(line -> !line.isBlank()).toList();
        var events = new ArrayList<JsonNode>();
        for (var line : lines) {
            var event = JSON.readTree(line);
            assertThat(event.isObject()).as("a JSON object: %s", line).isTrue();
            assertThat(event.path("level").asText()).as(line).isNotEmpty();
            assertThat(event.path("@timestamp").asText()).as(line).isNotEmpty();
            events.add(event);
        }
        assertThat(events).anySatisfy(event -> {
            assertThat(event.path("message").asText()).startsWith("connection ").contains("opened for user");
            assertThat(event.path(LogContext.CONNECTION_ID).asText()).isNotEmpty();
            assertThat(event.path(LogContext.USER_ID).asText()).isEqualTo(DevIssuer.subjectFor("alice"));
        });
        assertThat(events).anySatisfy(event -> {
            assertThat(event.path("message").asText()).startsWith("GET /healthz 200");
            assertThat(event.path(LogContext.REQUEST_ID).asText()).isNotEmpty();
        });
        assertThat(events).anySatisfy(event -> assertThat(event.path("message").asText()).isEqualTo("OnRabble stopped"));
        var output = String.join("\n", lines);
        for (var secret : token.split("\\.")) {
            assertThat(output).doesNotContain(secret);
        }
    }

    @Test
    void theJsonEncoderMasksTokensInEveryField() throws Exception {
        // The real logback.xml, configured as ONRABBLE_LOG_FORMAT=json configures it.
        var context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putProperty("ONRABBLE_LOG_FORMAT", "json");
        var configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(JsonLogTest.class.getResource("/logback.xml"));
        try {
            var logger = context.getLogger("io.onrabble.test");
            @SuppressWarnings("unchecked")
            var console = (OutputStreamAppender<ILoggingEvent>) context.getLogger("ROOT").getAppender("console");
            var token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXBhcnQ";
            var event = new LoggingEvent(getClass().getName(), logger, Level.WARN, "a careless line: GET /ws?token={}",
                    new IllegalStateException("failed for " + token), new Object[] {"opaque-secret"});

            var line = new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);

            var json = JSON.readTree(line);
            assertThat(json.path("message").asText()).isEqualTo("a careless line: GET /ws?token=[redacted]");
            assertThat(json.path("stack_trace").asText()).contains("failed for [redacted]");
            assertThat(line).doesNotContain("opaque-secret").doesNotContain("c2lnbmF0dXJlLXBhcnQ");
        } finally {
            context.stop();
        }
    }
}
