package io.onrabble.web;

import io.onrabble.testing.Browser;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static io.onrabble.web.WebUi.awaitConnected;
import static io.onrabble.web.WebUi.send;
import static io.onrabble.web.WebUi.signInChat;
import static io.onrabble.web.WebUi.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The chat page in headless Chromium against an embedded server, signed in with the development sign-in. */
class ChatBrowserTest {
    private static TestServer server;
    private final List<Browser> browsers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(); // keeps its port across restarts
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(Browser::close);
    }

    private Browser browser() {
        var browser = Browser.open(1280, 900);
        browsers.add(browser);
        return browser;
    }

    private static void setRateLimit(String username, int messages, int windowSeconds) throws Exception {
        var answer = server.send("PUT", "/ratelimits/users/" + TestServer.userId(username), server.adminToken("root"),
                "{\"message_limit\":" + messages + ",\"window_seconds\":" + windowSeconds + "}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    @Test
    void twoUsersChatSendAPrivateMessageAndSeeEachOthersPresence() {
        var alice = browser();
        var bob = browser();
        signInChat(alice, server, "alice");
        signInChat(bob, server, "bob");

        await().atMost(Browser.PATIENCE).until(() -> alice.all("[data-testid=online] li.online[data-user=bob]").size() == 1);
        send(alice, "hello bob, in General");
        await().atMost(Browser.PATIENCE).until(() -> texts(bob).contains("hello bob, in General"));
        await().atMost(Browser.PATIENCE).until(() -> alice.text("[data-testid=messages] .message.mine:last-child .state").equals("sent"));

        alice.click("[data-testid=online] li[data-user=bob] button");
        assertThat(alice.text("#conversation-title")).isEqualTo("@ bob");
        send(alice, "a secret for bob");
        await().atMost(Browser.PATIENCE).until(() -> bob.text("[data-testid=dms] .badge").equals("1"));
        assertThat(texts(bob)).doesNotContain("a secret for bob");
        bob.click("[data-testid=dms] button");
        assertThat(texts(bob)).contains("a secret for bob");
        assertThat(bob.all("[data-testid=dms] .badge")).isEmpty();

        bob.close();
        browsers.remove(bob);
        await().atMost(Browser.PATIENCE).until(() -> alice.all("[data-testid=online] li.offline[data-user=bob]").size() == 1);
    }

    @Test
    void aBurstOverTheRateLimitShowsACountdown() throws Exception {
        var carol = browser();
        signInChat(carol, server, "carol");
        setRateLimit("carol", 2, 60);

        for (int i = 1; i <= 3; i++) {
            send(carol, "burst " + i);
        }
        var notice = carol.shown("[data-testid=notice][data-code=rate_limited]");
        assertThat(notice.getText()).contains("You are sending messages too fast").containsPattern("send again in \\d+ s");
        var first = seconds(notice.getText());
        await().atMost(Browser.PATIENCE).until(() -> seconds(carol.text("[data-testid=notice]")) < first);
        assertThat(carol.text("[data-nonce] .state.failed")).contains("not sent");
    }

    @Test
    void aMessageOverTheServersLimitIsShownAsNotSentWithTheReason() {
        var sam = browser();
        signInChat(sam, server, "sam");
        sam.script("const box = document.getElementById('composer'); box.value = 'x'.repeat(4001);"
                + " box.dispatchEvent(new Event('input', { bubbles: true }));");
        sam.click(".composer button[type=submit]");
        assertThat(sam.shown("[data-testid=notice][data-code=too_large]").getText()).contains("too long");
        assertThat(sam.shown("[data-nonce] .state.failed").getText()).contains("not sent").contains("too long");
    }

    @Test
    void theAuthorEditsAndDeletesTheirMessageInPlaceAndOthersSeeItAtOnce() {
        var erin = browser();
        var finn = browser();
        signInChat(erin, server, "erin");
        signInChat(finn, server, "finn");
        send(erin, "lunch at noon?");
        await().atMost(Browser.PATIENCE).until(() -> texts(finn).contains("lunch at noon?"));
        var mine = "[data-testid=messages] .message.mine:last-child";
        await().atMost(Browser.PATIENCE).until(() -> erin.text(mine + " .state").equals("sent"));
        assertThat(finn.all("[data-testid=messages] [data-action=edit]")).as("no edit button on others' messages").isEmpty();

        erin.click(mine + " [data-action=edit]");
        erin.script("const box = document.getElementById('edit-box'); box.value = 'lunch at one?';"
                + " box.dispatchEvent(new Event('input', { bubbles: true }));");
        erin.click(mine + " .edit button[type=submit]");

        await().atMost(Browser.PATIENCE).until(() -> texts(finn).contains("lunch at one?"));
        assertThat(texts(finn)).doesNotContain("lunch at noon?");
        assertThat(finn.text("[data-testid=messages] .message:last-child .edited")).isEqualTo("(edited)");
        await().atMost(Browser.PATIENCE).until(() -> texts(erin).contains("lunch at one?"));

        erin.script("window.confirm = () => true;");
        erin.click(mine + " [data-action=delete]");
        await().atMost(Browser.PATIENCE).until(() -> !texts(finn).contains("lunch at one?"));
        await().atMost(Browser.PATIENCE).until(() -> !texts(erin).contains("lunch at one?"));
        assertThat(erin.consoleErrors()).isEmpty();
    }

    private static int seconds(String notice) {
        var matcher = java.util.regex.Pattern.compile("send again in (\\d+) s").matcher(notice);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : Integer.MAX_VALUE;
    }

    @Test
    void markupInMessagesIsShownAsText() {
        var dave = browser();
        signInChat(dave, server, "dave");
        var evil = "<img src=x onerror=alert(1)>";
        send(dave, evil);
        await().atMost(Browser.PATIENCE).until(() -> texts(dave).contains(evil));
        assertThat(dave.all("[data-testid=messages] img")).isEmpty();
        assertThat(dave.text("[data-testid=messages] .message.mine:last-child .text")).isEqualTo(evil);
    }

    @Test
    void aBannedUserIsToldSoAndARefusedReconnectIsExplained() throws Exception {
        var rita = browser();
        signInChat(rita, server, "rita");
        var ban = server.send("POST", "/users/ban", server.adminToken("root"),
                "{\"banished_id\":\"" + TestServer.userId("rita") + "\",\"reason\":\"test\"}");
        assertThat(ban.statusCode()).isEqualTo(200);
        await().atMost(Browser.PATIENCE).until(() -> rita.text("[data-testid=connection-banner]")
                .equals("You have been banned from this server."));

        // signing in again: the handshake is refused (403), which a browser is not told
        rita.get(server.publicUrl() + "/");
        rita.click("#sign-in-start");
        WebUi.developmentSignIn(rita, "rita", false);
        await().atMost(Browser.PATIENCE).until(() -> rita.text("[data-testid=connection-banner]")
                .contains("refuses this sign-in"));
    }

    @Test
    void signingOutEndsTheSessionAndReturnsToTheSignInScreen() {
        var quinn = browser();
        signInChat(quinn, server, "quinn");
        quinn.click(".topbar button.link");
        quinn.shown("#sign-in-start");
        assertThat(quinn.driver().getCurrentUrl()).startsWith(server.publicUrl() + "/");
        assertThat(quinn.text("main")).contains("development mode");
    }

    @Test
    void aThousandMessagesInAChannelStaySmooth() throws Exception {
        var erin = browser();
        signInChat(erin, server, "erin");
        try (var sender = server.connect("loud")) {
            setRateLimit("loud", 10_000, 60);
            erin.script("window.longTasks = []; new PerformanceObserver(list => list.getEntries()"
                    + ".forEach(e => window.longTasks.push(e.duration))).observe({ type: 'longtask' });");
            IntStream.rangeClosed(1, 1000).forEach(i -> sender.send(
                    "{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"line " + i + "\"}"));
            await().atMost(Duration.ofSeconds(60)).until(() -> texts(erin).contains("line 1000"));
        }
        assertThat(texts(erin).stream().filter(t -> t.startsWith("line "))).hasSize(1000);
        await().atMost(Browser.PATIENCE).until(() -> WebUi.newestInView(erin));
        @SuppressWarnings("unchecked")
        var longTasks = (List<Number>) erin.script("return window.longTasks");
        assertThat(longTasks.stream().mapToDouble(Number::doubleValue).max().orElse(0))
                .as("longest task while 1,000 messages arrived (ms)").isLessThan(500);
        send(erin, "still responsive");
        await().atMost(Duration.ofSeconds(5)).until(() -> erin.text("[data-testid=messages] .message.mine:last-child .state").equals("sent"));
        assertThat(WebUi.newestInView(erin)).as("the newest message is in view").isTrue();

        // reading further up: new messages do not pull the view down
        erin.script("document.querySelector('[data-testid=messages]').scrollTop = 0");
        try (var other = server.connect("chatty")) {
            other.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"arrived while reading the top\"}");
            await().atMost(Browser.PATIENCE).until(() -> texts(erin).contains("arrived while reading the top"));
        }
        assertThat(((Number) erin.script("return document.querySelector('[data-testid=messages]').scrollTop")).intValue()).isZero();
    }

    @Test
    void bothBrowsersReconnectAfterAServerRestartWithoutDuplicatesOrGaps() throws Exception {
        var frank = browser();
        var grace = browser();
        signInChat(frank, server, "frank");
        signInChat(grace, server, "grace");
        send(frank, "before restart 1");
        send(grace, "before restart 2");
        await().atMost(Browser.PATIENCE).until(() -> texts(frank).contains("before restart 2") && texts(grace).contains("before restart 1"));

        server.stop();
        await().atMost(Browser.PATIENCE).until(() -> !frank.text("[data-testid=connection]").equals("Connected")
                && !grace.text("[data-testid=connection]").equals("Connected"));
        assertThat(frank.text("[data-testid=connection-banner]")).contains("restarting");
        server.restart();
        try (var other = server.connect("heidi")) {
            other.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"while they reconnect\",\"nonce\":\"n1\"}");
            other.skipTo("ack");
            awaitConnected(frank);
            awaitConnected(grace);
            other.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"after reconnect\",\"nonce\":\"n2\"}");
            other.skipTo("ack");
        }
        var expected = List.of("before restart 1", "before restart 2", "while they reconnect", "after reconnect");
        for (var browser : List.of(frank, grace)) {
            await().atMost(Browser.PATIENCE).until(() -> texts(browser).contains("after reconnect"));
            var shown = texts(browser).stream().filter(expected::contains).toList();
            assertThat(shown).as("each message exactly once, in order").isEqualTo(expected);
        }
    }
}
