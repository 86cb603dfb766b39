package io.onrabble.gateway;

import io.onrabble.testing.HostileValues;
import io.onrabble.testing.RawHttp;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routes anyone may call (discovery, health, readiness, the web app and its files, the
 * development issuer's OpenID routes, embedded mode only) with each parameter, path segment and form
 * field set in turn to the hostile values of the admin fuzz test: never a 5xx, never a stack trace,
 * and the server answers normally afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicRouteFuzzTest {
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private static final String REDIRECT = "http%3A%2F%2F127.0.0.1%3A9%2Fcallback";
    private static final Pattern STACK_TRACE = Pattern.compile("Exception|\\tat |\\bat [a-z]+\\.[a-z]+\\.");

    /** A route: method, path, and its parameters with valid values (query, or form body for POST). */
    private record Route(String method, String path, Map<String, String> parameters) {
        String encoded(String name, String value) {
            var pairs = new ArrayList<String>();
            var all = new LinkedHashMap<>(parameters);
            all.put(name, value);
            all.forEach((key, text) -> pairs.add(key + "=" + text));
            return String.join("&", pairs);
        }
    }

    private TestServer server;
    private final List<String> problems = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private List<Route> routes() {
        var authorize = new LinkedHashMap<String, String>();
        authorize.put("response_type", "code");
        authorize.put("client_id", "ChatClient");
        authorize.put("redirect_uri", REDIRECT);
        authorize.put("state", "s1");
        authorize.put("code_challenge", CHALLENGE);
        authorize.put("code_challenge_method", "S256");
        authorize.put("scope", "openid");
        authorize.put("nonce", "n1");
        var signIn = new LinkedHashMap<>(authorize);
        signIn.put("username", "alice");
        signIn.put("admin", "on");
        var code = new LinkedHashMap<String, String>();
        code.put("grant_type", "authorization_code");
        code.put("client_id", "ChatClient");
        code.put("code", "abc");
        code.put("redirect_uri", REDIRECT);
        code.put("code_verifier", "v".repeat(43));
        var refresh = new LinkedHashMap<String, String>();
        refresh.put("grant_type", "refresh_token");
        refresh.put("client_id", "ChatClient");
        refresh.put("refresh_token", "r");
        var logout = new LinkedHashMap<String, String>();
        logout.put("post_logout_redirect_uri", REDIRECT);
        logout.put("state", "s1");
        var routes = new ArrayList<Route>();
        for (var path : List.of("/discovery", "/healthz", "/readyz", "/app-config.json", "/openapi.json", "/", "/admin",
                "/webjars/chart.js/4.5.1/dist/chart.umd.min.js", "/dev/.well-known/openid-configuration", "/dev/jwks")) {
            routes.add(new Route("GET", path, Map.of()));
        }
        routes.add(new Route("GET", "/dev/authorize", authorize));
        routes.add(new Route("POST", "/dev/authorize", signIn));
        routes.add(new Route("POST", "/dev/token", code));
        routes.add(new Route("POST", "/dev/token", refresh));
        routes.add(new Route("GET", "/dev/logout", logout));
        return routes;
    }

    @Test
    void noParameterOrFormFieldGetsA5xxOrAStackTrace() throws Exception {
        for (var route : routes()) {
            var names = new ArrayList<>(route.parameters().keySet());
            names.add("unknown_parameter");
            for (var name : names) {
                for (var value : HostileValues.PARAMETERS) {
                    var encoded = route.encoded(name, value);
                    var badName = route.encoded(value, "1");
                    if (route.method().equals("GET")) {
                        check(route.method(), route.path() + "?" + badName, null);
                    }
                    if (route.method().equals("GET")) {
                        check(route.method(), route.path() + "?" + encoded, null);
                    } else {
                        check(route.method(), route.path(), encoded, "Content-Type: application/x-www-form-urlencoded");
                    }
                }
            }
        }
        assertThat(problems).as(problems.size() + " problems").isEmpty();
        assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void noPathGetsA5xxOrAStackTrace() throws Exception {
        var assets = server.get("/").body().replaceAll("(?s).*?(/assets/[^/\"]+)/.*", "$1");
        assertThat(assets).startsWith("/assets/");
        for (var prefix : List.of(assets + "/", "/webjars/", "/dev/", "/", "/admin/", "/discovery/")) {
            for (var value : HostileValues.PARAMETERS) {
                check("GET", prefix + value, null);
            }
            for (var traversal : List.of("..%2F..%2Fpom.xml", "../../../../etc/passwd", "%2E%2E/%2E%2E/etc/passwd",
                    "..%5C..%5Cpom.xml", "%2F%2F%2Fetc%2Fpasswd", "chat.js%00.png", "chat.js/", "./chat.js", "//chat.js")) {
                check("GET", prefix + traversal, null);
            }
        }
        for (var method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW", "get")) {
            for (var path : List.of("/discovery", "/healthz", "/readyz", "/", "/dev/token", assets + "/chat.js")) {
                check(method, path, method.equals("POST") ? "{" : null, "Content-Type: application/json");
            }
        }
        assertThat(problems).as(problems.size() + " problems").isEmpty();
        assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void formBodiesThatAreNotFormsGetNo5xx() throws Exception {
        for (var path : List.of("/dev/authorize", "/dev/token")) {
            for (var body : List.of("", "=", "&&&", "a", "%", "%zz=1", "client_id=%C3%28", "x".repeat(20_000),
                    "client_id=" + "%FF".repeat(5_000), "{\"client_id\":\"ChatClient\"}")) {
                for (var type : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                        "multipart/form-data", "text/plain", "application/x-www-form-urlencoded; charset=utf-16")) {
                    check("POST", path, body, "Content-Type: " + type);
                }
            }
        }
        assertThat(problems).as(problems.size() + " problems").isEmpty();
        assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
    }

    private void check(String method, String target, String body, String... headers) throws Exception {
        var response = RawHttp.send(server.port(), method, target, body, headers);
        var what = method + " " + abbreviate(target) + (body == null ? "" : " body " + abbreviate(body))
                + " answered " + response.status() + " " + abbreviate(response.body());
        if (response.status() >= 500) {
            problems.add("a 5xx: " + what);
        } else if (response.status() >= 400 && STACK_TRACE.matcher(response.body()).find()) {
            problems.add("a stack trace: " + what);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 160 ? text : text.substring(0, 160) + "... (" + text.length() + " chars)";
    }
}
