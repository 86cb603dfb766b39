package io.onrabble.web;

import io.onrabble.testing.Browser;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static io.onrabble.web.WebUi.signInChat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The chat page's typing line, typing while composing, unread badges from the server and marking read on view. */
class TypingMarkersBrowserTest {
    private TestServer server;
    private Browser browser;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start("TYPING_INTERVAL", "1s", "TYPING_EXPIRY", "2s");
        var created = server.send("POST", "/channels", server.adminToken("admin"), "{\"name\":\"random\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        browser = Browser.open(1280, 900);
    }

    @AfterEach
    void stop() {
        browser.close();
        server.close();
    }

    private TestClient connect(String username) {
        var client = TestClient.connect(URI.create(server.wsUri(server.token(username)) + "&typing=1&markers=1"));
        client.skipTo("connected_users");
        return client;
    }

    @Test
    void othersTypingIsShownUntilItExpiresAndOurOwnTypingIsSent() {
        signInChat(browser, server, "alice");
        var bob = connect("bob");

        bob.send("{\"type\":\"typing\",\"channel\":\"General\"}");
        await().atMost(Browser.PATIENCE).until(() -> browser.text("[data-testid=typing]").equals("bob is typing…"));
        await().atMost(Browser.PATIENCE).until(() -> browser.text("[data-testid=typing]").isEmpty());

        browser.find("#composer").sendKeys("hel");
        var typing = bob.skipTo("typing").path("payload");
        assertThat(typing.path("username").asText()).isEqualTo("alice");
        assertThat(typing.path("channel").asText()).isEqualTo("General");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void unreadBadgesComeFromTheServerAndViewingAChannelMarksItRead() {
        var bob = connect("bob");
        for (var text : new String[] {"r1", "r2", "r3"}) {
            bob.send("{\"type\":\"chat_message\",\"channel\":\"random\",\"message\":\"" + text + "\",\"nonce\":\"" + text + "\"}");
            bob.skipTo("ack");
        }
        var aliceElsewhere = connect("alice");

        signInChat(browser, server, "alice");
        await().atMost(Browser.PATIENCE).until(() -> browser.all("[data-testid=channels] .badge").size() == 1);
        assertThat(browser.text("[data-testid=channels] .badge")).isEqualTo("3");

        browser.click("[data-testid=channels] li:nth-child(2) button");
        var marker = aliceElsewhere.skipTo("read_marker").path("payload");
        assertThat(marker.path("channel").asText()).isEqualTo("random");
        assertThat(browser.all("[data-testid=channels] .badge")).isEmpty();

        // A new connection (the page opened again) gets its badges from the server's counts: the DM
        // sent meanwhile is unread (its badge shows the counts arrived), the channel read on the last visit is not.
        bob.send("{\"type\":\"private_chat_message\",\"recipient_id\":\"" + TestServer.userId("alice")
                + "\",\"message\":\"psst\",\"nonce\":\"d\"}");
        bob.skipTo("ack");
        signInChat(browser, server, "alice");
        await().atMost(Browser.PATIENCE).until(() -> browser.all("[data-testid=dms] .badge").size() == 1);
        assertThat(browser.text("[data-testid=dms] .badge")).isEqualTo("1");
        assertThat(browser.all("[data-testid=channels] .badge")).as("read, also on the next visit").isEmpty();
    }
}
