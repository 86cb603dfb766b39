package io.onrabble.web;

import io.onrabble.testing.Browser;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.onrabble.web.WebUi.channelNames;
import static io.onrabble.web.WebUi.send;
import static io.onrabble.web.WebUi.signInAdmin;
import static io.onrabble.web.WebUi.signInChat;
import static io.onrabble.web.WebUi.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The dashboard in headless Chromium, with chat pages open next to it to see the effects. */
class AdminBrowserTest {
    private static final Duration FEED_INTERVAL = Duration.ofSeconds(1);
    private static TestServer server;
    private static Browser admin;
    private final List<Browser> chats = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("ADMIN_FEED_INTERVAL", FEED_INTERVAL.toMillis() + "ms");
        admin = Browser.open(1280, 900);
        signInAdmin(admin, server, "root");
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
    }

    @AfterEach
    void closeChats() {
        chats.forEach(Browser::close);
    }

    private Browser chat(String username) {
        var browser = Browser.open(1280, 900);
        chats.add(browser);
        signInChat(browser, server, username);
        return browser;
    }

    private static void page(String name) {
        admin.get(server.publicUrl() + "/admin#" + name);
        await().atMost(Browser.PATIENCE).until(() -> admin.text("#page-title").length() > 0
                && admin.all("nav.pages a[aria-current=page][href='#" + name + "']").size() == 1);
    }

    @Test
    void aBanReachesTheUsersPageWithinASecond() {
        var ivan = chat("ivan");
        page("users");
        admin.type("#user-search", "ivan");
        admin.click("form[aria-label='Search users'] button[type=submit]");
        admin.click("[data-testid=users] tr[data-user=ivan] button[aria-label='Ban ivan']");
        admin.type("#ban-reason", "spam");
        admin.click("#ban-confirm");
        await().atMost(Browser.PATIENCE).until(() -> admin.text("[role=status].banner").contains("ivan banned"));

        await().atMost(Duration.ofSeconds(1)).until(() -> ivan.text("[data-testid=connection-banner]").contains("banned"));
        await().atMost(Browser.PATIENCE).until(() -> admin.text("[data-testid=users] tr[data-user=ivan]").contains("banned"));

        assertThat(io.onrabble.testing.TestClient.refusedStatus(server.wsUri(server.token("ivan")))).isEqualTo(403);
        page("bans");
        assertThat(admin.shown("[data-testid=bans] tr[data-user=ivan]").getText()).contains("spam", "permanent", "active");
        admin.click("[data-testid=bans] tr[data-user=ivan] button[aria-label='Pardon ivan']");
        await().atMost(Browser.PATIENCE).until(() -> admin.text("[data-testid=bans] tr[data-user=ivan]").contains("pardoned"));
        var online = server.connectRaw("ivan").skipTo("connected_users").path("payload").path("users");
        assertThat(online).as("ivan may connect again").extracting(u -> u.path("username").asText()).contains("ivan");
    }

    @Test
    void channelChangesReachTheChatPageWithoutAReload() {
        var judy = chat("judy");
        page("channels");
        admin.type("#new-channel-name", "Random");
        admin.type("#new-channel-description", "<b>anything</b> goes");
        admin.click("form[aria-label='Create a channel'] button[type=submit]");
        await().atMost(Browser.PATIENCE).until(() -> channelNames(judy).contains("Random"));

        admin.click("[data-channel=Random] button[aria-label='Edit Random']");
        admin.type("[data-channel=Random] .edit-name", "Lounge");
        admin.click("[data-channel=Random] button[type=submit]");
        await().atMost(Browser.PATIENCE).until(() -> channelNames(judy).contains("Lounge") && !channelNames(judy).contains("Random"));
        WebUi.openChannel(judy, "Lounge");
        assertThat(judy.text(".conversation .description")).isEqualTo("<b>anything</b> goes");

        // by keyboard: the handle with Alt+Up moves it one place up
        var before = channelNames(judy);
        var at = before.indexOf("Lounge");
        admin.shown("[data-channel=Lounge] .handle").sendKeys(Keys.chord(Keys.ALT, Keys.ARROW_UP));
        await().atMost(Browser.PATIENCE).until(() -> channelNames(judy).indexOf("Lounge") == at - 1);

        // by dragging Lounge onto General: it goes above it, first
        admin.script("""
                const source = document.querySelector('[data-channel=Lounge] .handle');
                const target = document.querySelector('[data-channel=General]');
                const data = new DataTransfer();
                source.dispatchEvent(new DragEvent('dragstart', { bubbles: true, dataTransfer: data }));
                target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: data }));
                target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data }));
                """);
        await().atMost(Browser.PATIENCE).until(() -> channelNames(judy).getFirst().equals("Lounge"));
        assertThat(admin.find("[data-testid=channel-list] li").getAttribute("data-channel")).isEqualTo("Lounge");

        // deleting asks first, and offers to purge the messages
        WebUi.send(judy, "said in the lounge");
        await().atMost(Browser.PATIENCE).until(() -> texts(judy).contains("said in the lounge"));
        admin.click("[data-channel=Lounge] button[aria-label='Delete Lounge']");
        admin.click("dialog #purge");
        assertThat(admin.text("dialog #confirm-delete")).isEqualTo("Delete channel and messages");
        admin.click("dialog #confirm-delete");
        await().atMost(Browser.PATIENCE).until(() -> !channelNames(judy).contains("Lounge"));
        assertThat(judy.text("#conversation-title")).as("the chat moves to a channel that exists").isEqualTo("# General");
        page("messages");
        admin.type("#search-keyword", "lounge");
        admin.click("#search-submit");
        await().atMost(Browser.PATIENCE).until(() -> admin.text("main").contains("No message matches."));
    }

    @Test
    void aMessageDeletedFromTheSearchPageDisappearsFromTheChat() {
        var karl = chat("karl");
        send(karl, "please remove this remark");
        send(karl, "this one stays");
        await().atMost(Browser.PATIENCE).until(() -> texts(karl).contains("this one stays"));

        page("messages");
        admin.type("#search-keyword", "remove remark");
        admin.click("#search-submit");
        admin.shown("[data-testid=search-results] tbody tr input[type=checkbox]").click();
        assertThat(admin.all("[data-testid=search-results] tbody tr")).hasSize(1);
        admin.click("#delete-selected");

        await().atMost(Browser.PATIENCE).until(() -> !texts(karl).contains("please remove this remark"));
        assertThat(texts(karl)).contains("this one stays");
    }

    @Test
    void aPerUserRateLimitIsSetOnTheRateLimitsPage() throws Exception {
        chat("lena");
        page("limits");
        var lena = TestServer.userId("lena");
        admin.type("#override-user", lena);
        admin.type("#override-limit", "5");
        admin.type("#override-window", "30");
        admin.click("#override-save");
        await().atMost(Browser.PATIENCE).until(() -> admin.text("[data-testid=overrides] tr[data-user='" + lena + "']").contains("30"));

        var stored = server.send("GET", "/ratelimits/users/" + lena, server.adminToken("root"), null);
        assertThat(stored.body()).contains("\"message_limit\":5").contains("\"window_seconds\":30");
    }

    @Test
    void underABurstTheOverviewRepaintsAtMostOncePerFeedIntervalAndTheChatKeepsUp() throws Exception {
        var mike = chat("mike");
        page("overview");
        await().atMost(Browser.PATIENCE).until(() -> admin.text("[data-testid=online-users]").matches("\\d+"));
        try (var sender = server.connect("burst")) {
            var limit = server.send("PUT", "/ratelimits/users/" + TestServer.userId("burst"), server.adminToken("root"),
                    "{\"message_limit\":10000,\"window_seconds\":60}");
            assertThat(limit.statusCode()).isEqualTo(200);
            var rendersBefore = renders();
            var start = System.nanoTime();
            // 500 messages per second for three seconds
            for (int second = 0; second < 3; second++) {
                var tick = System.nanoTime();
                for (int i = 0; i < 500; i++) {
                    sender.send("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"burst " + second + "-" + i + "\"}");
                }
                var rest = Duration.ofSeconds(1).minusNanos(System.nanoTime() - tick);
                if (!rest.isNegative()) {
                    Thread.sleep(rest.toMillis()); // pacing the load generator, not waiting for a result
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> texts(mike).contains("burst 2-499"));
            await().atMost(Browser.PATIENCE).until(() -> Integer.parseInt("0" + admin.text("[data-testid=per-minute]").replaceAll("\\D", "")) >= 1500);
            var elapsed = Duration.ofNanos(System.nanoTime() - start);
            var repaints = renders() - rendersBefore;
            assertThat(repaints).as("repaints in %s", elapsed)
                    .isPositive()
                    .isLessThanOrEqualTo((int) (elapsed.toMillis() / FEED_INTERVAL.toMillis()) + 1);
        }
    }

    private static int renders() {
        return Integer.parseInt(admin.find("[data-testid=overview]").getAttribute("data-renders"));
    }

    @Test
    void theDashboardSaysSoWhenTheSignedInUserIsNoAdmin() {
        var browser = Browser.open(1280, 900);
        chats.add(browser);
        browser.get(server.publicUrl() + "/admin");
        browser.click("#sign-in-start");
        WebUi.developmentSignIn(browser, "nina", false);
        assertThat(browser.shown("[role=alert]").getText()).contains("nina").contains("“admin” role");
    }

    @Test
    void everyPageIsAccessibleAndPhotographedAtPhoneAndDesktopWidth() {
        var olga = chat("olga");
        send(olga, "a message for the screenshots");
        await().atMost(Browser.PATIENCE).until(() -> texts(olga).contains("a message for the screenshots")
                && WebUi.newestInView(olga));
        var violations = new ArrayList<String>();
        for (var width : new int[]{1280, 390}) {
            olga.resize(width, 844);
            await().atMost(Browser.PATIENCE).until(() -> WebUi.newestInView(olga));
            olga.screenshot("chat-" + width);
            olga.seriousAccessibilityViolations().forEach(v -> violations.add("chat@" + width + ": " + v));
            if (width < 700) {
                olga.click(".menu-button");
                olga.shown("#sidebar");
                olga.screenshot("chat-" + width + "-menu");
                olga.seriousAccessibilityViolations().forEach(v -> violations.add("chat menu@" + width + ": " + v));
                olga.click(".menu-button");
            }
            admin.resize(width, 844);
            for (var name : List.of("overview", "channels", "messages", "users", "bans", "limits", "analytics")) {
                page(name);
                if (name.equals("messages")) {
                    admin.click("#search-submit");
                    admin.shown("[data-testid=search-results]");
                }
                await().atMost(Browser.PATIENCE).until(() -> admin.all("[role=status].skeleton").isEmpty());
                admin.screenshot("admin-" + name + "-" + width);
                admin.seriousAccessibilityViolations().forEach(v -> violations.add(name + "@" + width + ": " + v));
            }
        }
        admin.resize(1280, 900);
        assertThat(violations).isEmpty();
        assertThat(olga.consoleErrors()).as("no CSP refusal or script error").isEmpty();
        assertThat(admin.consoleErrors()).as("no CSP refusal or script error").isEmpty();
    }
}
