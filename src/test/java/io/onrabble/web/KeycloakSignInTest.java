package io.onrabble.web;

import io.onrabble.testing.Browser;
import io.onrabble.testing.KeycloakServer;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real sign-in through the browser against Keycloak with the realm of deploy/keycloak: the
 * authorization-code flow with PKCE for the chat (client ChatClient) and for the dashboard (WebClient).
 */
class KeycloakSignInTest {
    private static TestServer server;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        KeycloakServer.start();
        server = TestServer.start("OIDC_ISSUERS", KeycloakServer.issuerUrl("Chatserver"));
    }

    /** A fresh browser per test: no Keycloak session carries over from one user to the next. */
    @BeforeEach
    void openBrowser() {
        browser = Browser.open(1280, 900);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** On Keycloak's login page (unless its session cookie already signs the user in), enters the password. */
    private static void keycloakLogin(String user) {
        await().atMost(Browser.PATIENCE).until(() -> browser.driver().getCurrentUrl().startsWith(KeycloakServer.baseUrl())
                || !browser.all("#app .topbar").isEmpty());
        if (browser.driver().getCurrentUrl().startsWith(KeycloakServer.baseUrl())) {
            browser.type("#username", user);
            browser.type("#password", user);
            browser.click("#kc-login");
        }
    }

    @Test
    void theChatSignsInWithKeycloakAndChats() {
        browser.get(server.publicUrl() + "/");
        browser.click("#sign-in-start");
        keycloakLogin("bob");

        await().atMost(Browser.PATIENCE).until(() -> browser.text("[data-testid=connection]").equals("Connected"));
        assertThat(browser.text(".topbar .me")).isEqualTo("bob");
        assertThat(browser.driver().getCurrentUrl()).as("the code is not left in the address bar")
                .isEqualTo(server.publicUrl() + "/");

        browser.type("#composer", "hello through Keycloak");
        browser.click(".composer button[type=submit]");
        await().atMost(Browser.PATIENCE).until(() ->
                browser.text("[data-testid=messages] .message.mine:last-child .text").equals("hello through Keycloak")
                        && browser.text("[data-testid=messages] .message.mine:last-child .state").equals("sent"));
    }

    @Test
    void theDashboardSignsInWithKeycloakAndShowsTheLiveFeed() {
        browser.get(server.publicUrl() + "/admin");
        browser.click("#sign-in-start");
        keycloakLogin("alice");

        await().atMost(Browser.PATIENCE).until(() -> browser.text("[data-testid=online-users]").matches("\\d+"));
        assertThat(browser.text(".topbar .me")).isEqualTo("alice");
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
