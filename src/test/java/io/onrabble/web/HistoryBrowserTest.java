package io.onrabble.web;

import io.onrabble.testing.Browser;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static io.onrabble.web.WebUi.awaitConnected;
import static io.onrabble.web.WebUi.signInChat;
import static io.onrabble.web.WebUi.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The web chat's "load older" and its resume after a reconnect, in headless Chromium against an embedded server. */
class HistoryBrowserTest {
    private TestServer server;
    private Browser browser;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start("HISTORY_SIZE", "5");
        browser = Browser.open(1280, 900);
    }

    @AfterEach
    void stop() {
        browser.close();
        server.close();
    }

    @Test
    void loadOlderPagesBackToTheFirstMessageAndAReconnectResumesWithoutDuplicates() throws Exception {
        var expected = IntStream.rangeClosed(1, 60).mapToObj(i -> "line " + i).toList();
        try (var sender = server.connect("loud")) {
            var answer = server.send("PUT", "/ratelimits/users/" + TestServer.userId("loud"), server.adminToken("root"),
                    "{\"message_limit\":1000,\"window_seconds\":60}");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            for (var i = 0; i < expected.size(); i++) {
                sender.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"" + expected.get(i)
                        + "\",\"nonce\":\"n" + i + "\"}");
            }
            for (var i = 0; i < expected.size(); i++) {
                sender.skipTo("ack");
            }
        }
        signInChat(browser, server, "ivy");
        await().atMost(Browser.PATIENCE).until(() -> texts(browser).equals(expected.subList(55, 60)));

        browser.click("[data-testid=load-older]");
        await().atMost(Browser.PATIENCE).until(() -> texts(browser).equals(expected.subList(5, 60)));
        browser.click("[data-testid=load-older]");
        await().atMost(Browser.PATIENCE).until(() -> texts(browser).equals(expected));
        assertThat(browser.all("[data-testid=load-older]")).as("nothing older is left").isEmpty();

        // Which URLs the page connects to from now on: the reconnect must resume from what it holds.
        browser.script("const Native = window.WebSocket; window.socketUrls = [];"
                + " window.WebSocket = function (url, protocols) { window.socketUrls.push(url); return new Native(url, protocols); };"
                + " Object.assign(window.WebSocket, { OPEN: Native.OPEN, CLOSED: Native.CLOSED });");
        server.stop();
        server.restart();
        try (var other = server.connect("jay")) {
            other.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"while away\",\"nonce\":\"w\"}");
            other.skipTo("ack");
        }
        awaitConnected(browser);
        await().atMost(Browser.PATIENCE).until(() -> texts(browser).contains("while away"));
        var all = new java.util.ArrayList<>(expected);
        all.add("while away");
        assertThat(texts(browser)).as("each message once, in order, the older pages kept").isEqualTo(all);
        @SuppressWarnings("unchecked")
        var urls = (List<String>) browser.script("return window.socketUrls");
        assertThat(urls).isNotEmpty().allSatisfy(url -> assertThat(url).contains("since_public=").contains("since_private="));
    }

    /**
     * While the page is away, one message it shows is edited and two are deleted (by the author and by
     * an admin): when it comes back it resumes, shows the new text marked as edited, and drops the two.
     */
    @Test
    void aResumeBringsTheEditsAndDeletionsMadeWhileThePageWasAway() throws Exception {
        var ids = new java.util.ArrayList<Long>();
        var author = server.connect("loud");
        for (var text : List.of("tpyo", "regret", "spam", "kept")) {
            author.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"" + text
                    + "\",\"nonce\":\"" + text + "\"}");
            ids.add(author.skipTo("ack").path("payload").path("id").asLong());
        }
        signInChat(browser, server, "ivy");
        await().atMost(Browser.PATIENCE).until(() -> texts(browser).equals(List.of("tpyo", "regret", "spam", "kept")));

        // The page's reconnects go nowhere until released, so the changes are made while it is away.
        browser.script("const Native = window.WebSocket; window.socketUrls = []; window.away = true;"
                + " window.WebSocket = function (url, protocols) { window.socketUrls.push(url);"
                + " return new Native(window.away ? 'ws://127.0.0.1:9/' : url, protocols); };"
                + " Object.assign(window.WebSocket, { OPEN: Native.OPEN, CLOSED: Native.CLOSED });");
        server.stop();
        server.restart();
        author = server.connect("loud");
        author.send("{\"type\":\"edit_message\",\"id\":" + ids.get(0) + ",\"message\":\"typo\",\"nonce\":\"e\"}");
        author.skipTo("ack");
        author.send("{\"type\":\"delete_message\",\"id\":" + ids.get(1) + ",\"nonce\":\"d\"}");
        author.skipTo("ack");
        var deleted = server.send("DELETE", "/messages", server.adminToken("root"), "{\"ids\":[" + ids.get(2) + "]}");
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        browser.script("window.away = false");

        awaitConnected(browser);
        await().atMost(Browser.PATIENCE).until(() -> texts(browser).equals(List.of("typo", "kept")));
        assertThat(browser.text("[data-testid=messages] .message[data-id='" + ids.get(0) + "'] .edited")).isEqualTo("(edited)");
        @SuppressWarnings("unchecked")
        var urls = (List<String>) browser.script("return window.socketUrls");
        assertThat(urls.getLast()).contains("since_public=" + ids.get(3));
        author.close();
    }
}
