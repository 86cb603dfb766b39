package io.onrabble.web;

import io.onrabble.testing.Browser;
import io.onrabble.testing.TestServer;

import static org.awaitility.Awaitility.await;

/** Steps through the web app the way a person does: the development sign-in, sending, switching views. */
final class WebUi {
    private WebUi() {
    }

    /** Opens the chat, signs in with the development sign-in and waits until it is connected. */
    static void signInChat(Browser browser, TestServer server, String username) {
        browser.get(server.publicUrl() + "/");
        browser.click("#sign-in-start");
        developmentSignIn(browser, username, false);
        awaitConnected(browser);
    }

    /** Opens the dashboard, signs in as an administrator and waits for the live figures. */
    static void signInAdmin(Browser browser, TestServer server, String username) {
        browser.get(server.publicUrl() + "/admin");
        browser.click("#sign-in-start");
        developmentSignIn(browser, username, true);
        await().atMost(Browser.PATIENCE).until(() -> browser.text("[data-testid=online-users]").matches("\\d+"));
    }

    static void developmentSignIn(Browser browser, String username, boolean admin) {
        browser.type("#username", username);
        if (admin) {
            browser.click("#admin");
        }
        browser.click("#sign-in");
    }

    static void awaitConnected(Browser browser) {
        await().atMost(Browser.PATIENCE).until(() -> browser.text("[data-testid=connection]").equals("Connected"));
    }

    static void send(Browser browser, String text) {
        browser.type("#composer", text);
        browser.click(".composer button[type=submit]");
    }

    /** The texts of the messages the current view shows, in order. */
    static java.util.List<String> texts(Browser browser) {
        @SuppressWarnings("unchecked")
        var texts = (java.util.List<String>) browser.script(
                "return [...document.querySelectorAll('[data-testid=messages] .message .text')].map(e => e.textContent)");
        return texts;
    }

    /** True when the newest message of the view is fully inside the scrolled message list. */
    static boolean newestInView(Browser browser) {
        return (Boolean) browser.script("const list = document.querySelector('[data-testid=messages]');"
                + " const last = list.lastElementChild; if (!last) return false;"
                + " const a = last.getBoundingClientRect(), b = list.getBoundingClientRect();"
                + " return a.bottom <= b.bottom + 1 && a.top >= b.top - 1;");
    }

    static void openChannel(Browser browser, String name) {
        browser.driver().findElement(org.openqa.selenium.By.xpath(
                "//ul[@data-testid='channels']//button[normalize-space(.)='# " + name + "']")).click();
    }

    /** The chat page's channel names in the order its sidebar shows. */
    static java.util.List<String> channelNames(Browser browser) {
        @SuppressWarnings("unchecked")
        var names = (java.util.List<String>) browser.script(
                "return [...document.querySelectorAll('[data-testid=channels] button > span:first-child')].map(e => e.textContent.slice(2))");
        return names;
    }
}
