package io.onrabble.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The web app's pages, assets and configuration over plain HTTP: what is served, with which headers. */
class WebAppTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse("");
    }

    @Test
    void thePagesAreRevalidatedHtmlWithAStrictPolicy() throws Exception {
        for (var path : new String[]{"/", "/admin"}) {
            var page = server.get(path);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(header(page, "Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(header(page, "Cache-Control")).isEqualTo("no-cache");
            var policy = header(page, "Content-Security-Policy");
            assertThat(policy).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "default-src 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(header(page, "X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(header(page, "Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(page.body()).doesNotContainPattern("<script>|<script [^>]*>[^<]+</script>|style=");

            var again = server.send("GET", path, null, null, "If-None-Match", header(page, "ETag"));
            assertThat(again.statusCode()).as("unchanged page revalidated").isEqualTo(304);
        }
    }

    @Test
    void everyScriptAndStyleAPageNamesIsServedVersionedAndCachedForAYear() throws Exception {
        var referenced = new ArrayList<String>();
        for (var path : new String[]{"/", "/admin"}) {
            var matcher = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"").matcher(server.get(path).body());
            while (matcher.find()) {
                referenced.add(matcher.group(1));
            }
        }
        var assets = referenced.stream().filter(p -> p.startsWith("/assets/")).findFirst().orElseThrow();
        var base = assets.substring(0, assets.lastIndexOf('/') + 1);
        referenced.add(base + "lib.js");
        assertThat(referenced).anyMatch(p -> p.endsWith("/chat.js")).anyMatch(p -> p.endsWith("/admin.js"))
                .anyMatch(p -> p.startsWith("/webjars/chart.js/"));
        for (var path : referenced) {
            var asset = server.get(path);
            assertThat(asset.statusCode()).as(path).isEqualTo(200);
            assertThat(header(asset, "Cache-Control")).as(path).isEqualTo("public, max-age=31536000, immutable");
            assertThat(header(asset, "X-Content-Type-Options")).isEqualTo("nosniff");
            var type = header(asset, "Content-Type");
            if (path.endsWith(".js")) {
                assertThat(type).as(path).startsWith("text/javascript");
            } else if (path.endsWith(".css")) {
                assertThat(type).as(path).startsWith("text/css");
            } else if (path.endsWith(".svg")) {
                assertThat(type).as(path).startsWith("image/svg+xml");
            }
        }
        // lib.js names the Preact WebJar the pom pins: it must resolve
        var preact = Pattern.compile("'(/webjars/[^']+)'").matcher(server.get(base + "lib.js").body());
        assertThat(preact.find()).isTrue();
        assertThat(server.get(preact.group(1)).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownAssetsAndOtherClassPathFilesAreNotFound() throws Exception {
        var assets = Pattern.compile("\"(/assets/[^/]+/)").matcher(server.get("/").body());
        assertThat(assets.find()).isTrue();
        for (var path : new String[]{assets.group(1) + "missing.js", "/assets/old-build/chat.js",
                "/webjars/../web/index.html", assets.group(1) + "../../logback.xml", "/web/build.properties"}) {
            assertThat(server.get(path).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void appConfigTellsThePageWhereToSignInAndConnect() throws Exception {
        var response = server.get("/app-config.json");
        assertThat(header(response, "Content-Type")).isEqualTo("application/json");
        assertThat(header(response, "Cache-Control")).isEqualTo("no-cache");
        var config = new ObjectMapper().readTree(response.body());
        assertThat(config.path("issuer").asText()).isEqualTo(server.publicUrl() + "/dev");
        assertThat(config.path("development_issuer").asBoolean()).isTrue();
        assertThat(config.path("chat_client_id").asText()).isEqualTo("ChatClient");
        assertThat(config.path("dashboard_client_id").asText()).isEqualTo("WebClient");
        assertThat(config.path("ws_url").asText()).isEqualTo(server.publicUrl().replace("http:", "ws:") + "/ws");
        assertThat(config.path("feed_interval_ms").asLong()).isEqualTo(1000);
    }

    @Test
    void anExternalIssuerIsWhatThePageSignsInWith() throws Exception {
        try (var external = TestServer.start("OIDC_ISSUERS", "https://id.example.com/realms/Chatserver",
                "PUBLIC_URL", "https://chat.example.com", "CHAT_CLIENT_ID", "chat-app")) {
            var config = new ObjectMapper().readTree(external.get("/app-config.json").body());
            assertThat(config.path("issuer").asText()).isEqualTo("https://id.example.com/realms/Chatserver");
            assertThat(config.path("development_issuer").asBoolean()).isFalse();
            assertThat(config.path("chat_client_id").asText()).isEqualTo("chat-app");
            assertThat(config.path("ws_url").asText()).isEqualTo("wss://chat.example.com/ws");
            var policy = header(external.get("/"), "Content-Security-Policy");
            assertThat(policy).contains("connect-src 'self' wss://chat.example.com https://id.example.com");
        }
    }

    @Test
    void theDashboardMayCallTheAdminApiFromTheServersOwnOriginOnly() throws Exception {
        var token = server.adminToken("root");
        var own = server.send("POST", "/channels", token, "{\"name\":\"Own origin\"}", "Origin", server.publicUrl());
        assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
        var foreign = server.send("POST", "/channels", token, "{\"name\":\"Foreign\"}", "Origin", "http://evil.example");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(server.get("/channels").statusCode()).isEqualTo(401);
    }
}
