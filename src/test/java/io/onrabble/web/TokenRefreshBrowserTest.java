package io.onrabble.web;

import io.onrabble.testing.Browser;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.onrabble.web.WebUi.send;
import static io.onrabble.web.WebUi.signInChat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Short-lived tokens: the page refreshes them and hands each to the open connection, which stays open. */
class TokenRefreshBrowserTest {
    private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(15);

    @Test
    void theConnectionOutlivesItsFirstTokenThroughRefreshes() throws Exception {
        try (var server = TestServer.start("DEV_TOKEN_TTL", TOKEN_LIFETIME.toSeconds() + "s");
             var browser = Browser.open(1280, 900)) {
            signInChat(browser, server, "pat");
            // Without a refresh the server closes the connection with 4001 when the first token expires.
            await().during(TOKEN_LIFETIME.plusSeconds(5)).atMost(TOKEN_LIFETIME.plusSeconds(30))
                    .until(() -> browser.text("[data-testid=connection]").equals("Connected"));
            var refreshes = Integer.parseInt(browser.find("[data-testid=connection]").getAttribute("data-token-refreshes"));
            assertThat(refreshes).as("refresh_token frames the server accepted").isGreaterThanOrEqualTo(2);

            send(browser, "still signed in");
            await().atMost(Browser.PATIENCE).until(() ->
                    browser.text("[data-testid=messages] .message.mine:last-child .state").equals("sent"));
        }
    }
}
