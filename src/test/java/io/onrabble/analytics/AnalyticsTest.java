package io.onrabble.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import io.onrabble.testing.AdminServerTest;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.onrabble.testing.TestServer.userId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The admin figures against a scripted scenario: known sessions and messages in, exact numbers out. */
class AnalyticsTest extends AdminServerTest {
    private static final Instant T0 = Instant.parse("2030-03-04T10:00:00Z");


    private JsonNode get(String path) throws Exception {
        var response = server.send("GET", path, admin, null);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private TestClient connect(String token) {
        var client = TestClient.connect(server.wsUri(token));
        client.skipTo("connected_users");
        return client;
    }

    /** Closes the connection and waits until the server recorded its session (at the clock's current time). */
    private void disconnect(TestClient client, String username) {
        var path = "/activity/users/" + userId(username) + "?from=2030-01-01T00:00:00Z&to=2030-12-01T00:00:00Z";
        try {
            var before = get(path).path("payload").path("sessions").asLong();
            client.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> get(path).path("payload").path("sessions").asLong() == before + 1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void say(TestClient client, String json) {
        client.send(json);
        client.skipTo("ack");
    }

    @Test
    void figuresMatchAScriptedScenario() throws Exception {
        server.send("POST", "/channels", admin, "{\"name\":\"random\"}");
        // Eight days before: outside the seven-day session window.
        server.clock().freeze(T0.minus(Duration.ofDays(8)));
        var carol = connect(server.token("carol"));
        server.clock().advance(Duration.ofMinutes(5));
        disconnect(carol, "carol");
        // The day before: its own date.
        server.clock().freeze(T0.minus(Duration.ofDays(1)));
        var dave = connect(server.token("dave"));
        server.clock().advance(Duration.ofMinutes(2));
        disconnect(dave, "dave");

        server.clock().freeze(T0);
        var alice = connect(server.token("alice"));
        server.clock().advance(Duration.ofMinutes(1));
        var bob = connect(server.token("bob"));
        server.clock().advance(Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            say(alice, "{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"hi " + i + "\",\"nonce\":\"a" + i + "\"}");
        }
        server.clock().advance(Duration.ofMinutes(1));
        say(bob, "{\"type\":\"chat_message\",\"channel\":\"random\",\"message\":\"yo\",\"nonce\":\"b\"}");
        say(bob, "{\"type\":\"private_chat_message\",\"recipient_id\":\"" + userId("alice") + "\",\"message\":\"psst\",\"nonce\":\"p\"}");
        server.clock().advance(Duration.ofMinutes(2));
        // An admin dashboard from 10:05 to 10:06: a session, but not a chat user for peak concurrency.
        var dashboard = connect(admin);
        server.clock().advance(Duration.ofMinutes(1));
        disconnect(dashboard, "root");
        server.clock().advance(Duration.ofMinutes(4));
        disconnect(bob, "bob");
        server.clock().advance(Duration.ofMinutes(20));
        disconnect(alice, "alice");

        var sessions = get("/activity/sessions");
        assertThat(sessions.path("type").asText()).isEqualTo("session_activity");
        assertThat(sessions.path("payload").path("session_activity").toString()).isEqualTo("["
                + "{\"session_date\":\"2030-03-03\",\"session_count\":1,\"total_duration\":\"0:02:00\",\"total_seconds\":120},"
                + "{\"session_date\":\"2030-03-04\",\"session_count\":3,\"total_duration\":\"0:40:00\",\"total_seconds\":2400}]");
        assertThat(get("/activity/sessions?user_id=" + userId("alice")).path("payload").path("session_activity").toString())
                .isEqualTo("[{\"session_date\":\"2030-03-04\",\"session_count\":1,\"total_duration\":\"0:30:00\",\"total_seconds\":1800}]");

        var channels = get("/activity/channels");
        assertThat(channels.path("type").asText()).isEqualTo("message_count_by_channel");
        assertThat(channels.path("payload").path("channels").toString()).isEqualTo(
                "[{\"channel\":\"General\",\"message_count\":3},{\"channel\":\"random\",\"message_count\":1}]");

        var aliceUsage = get("/activity/users/" + userId("alice") + "?from=2030-03-04T10:00:00Z&to=2030-03-04T11:00:00Z").path("payload");
        assertThat(aliceUsage.path("username").asText()).isEqualTo("alice");
        assertThat(aliceUsage.path("messages").asLong()).isEqualTo(3);
        assertThat(aliceUsage.path("private_messages").asLong()).isZero();
        assertThat(aliceUsage.path("sessions").asLong()).isEqualTo(1);
        assertThat(aliceUsage.path("time_online").asText()).isEqualTo("0:30:00");
        assertThat(aliceUsage.path("online").asBoolean()).isFalse();
        var bobUsage = get("/activity/users/" + userId("bob") + "?from=2030-03-04T10:00:00Z&to=2030-03-04T11:00:00Z").path("payload");
        assertThat(bobUsage.path("messages").asLong()).isEqualTo(1);
        assertThat(bobUsage.path("private_messages").asLong()).isEqualTo(1);
        assertThat(bobUsage.path("time_online_seconds").asLong()).isEqualTo(9 * 60);

        var minutes = get("/activity/messages?bucket=minute&from=2030-03-04T10:00:00Z&to=2030-03-04T10:05:00Z").path("payload");
        assertThat(minutes.path("series").toString()).isEqualTo("["
                + "{\"channel\":\"General\",\"points\":[" + points("10:00", 0, "10:01", 0, "10:02", 3, "10:03", 0, "10:04", 0) + "]},"
                + "{\"channel\":\"random\",\"points\":[" + points("10:00", 0, "10:01", 0, "10:02", 0, "10:03", 1, "10:04", 0) + "]}]");
        var hours = get("/activity/messages?bucket=hour&channel=random&from=2030-03-04T09:30:00Z&to=2030-03-04T11:00:00Z").path("payload");
        assertThat(hours.path("series").toString()).isEqualTo(
                "[{\"channel\":\"random\",\"points\":[" + points("09:00", 0, "10:00", 1) + "]}]");

        var peak = get("/activity/peak?from=2030-03-02T00:00:00Z&to=2030-03-05T00:00:00Z").path("payload");
        assertThat(peak.path("peak_concurrent_users").asInt()).isEqualTo(2);
        assertThat(peak.path("at").asText()).isEqualTo("2030-03-04T10:01:00Z");
    }

    private static String points(Object... timeAndCount) {
        var out = new StringBuilder();
        for (int i = 0; i < timeAndCount.length; i += 2) {
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"start\":\"2030-03-04T").append(timeAndCount[i]).append(":00Z\",\"count\":").append(timeAndCount[i + 1]).append('}');
        }
        return out.toString();
    }

    @Test
    void rangeFiguresRefuseBadParametersAndUnknownUsers() throws Exception {
        for (var path : new String[]{"/activity/messages?bucket=day", "/activity/messages?bucket=minute&from=2030-01-01T00:00:00Z&to=2030-01-03T00:00:00Z",
                "/activity/messages?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", "/activity/peak?from=nope",
                "/activity/peak?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z"}) {
            assertThat(server.send("GET", path, admin, null).statusCode()).as(path).isEqualTo(400);
        }
        assertThat(server.send("GET", "/activity/users/nobody", admin, null).statusCode()).isEqualTo(404);
        assertThat(get("/activity/sessions").path("payload").path("session_activity")).isEmpty();
        assertThat(get("/activity/channels").path("payload").path("channels")).isEmpty();
    }
}
