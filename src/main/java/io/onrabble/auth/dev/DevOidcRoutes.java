package io.onrabble.auth.dev;

import io.onrabble.auth.DevGrant;
import io.onrabble.auth.DevIssuer;
import io.onrabble.auth.InvalidTokenException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The development issuer as an OpenID provider below {@code <public URL>/dev}: discovery, an
 * authorization endpoint that asks only a username (and whether to grant the admin role), a token
 * endpoint with PKCE S256 and refresh tokens, its JWKS and a logout endpoint. So the Qt client, the
 * bundled web app and any OIDC library sign in to embedded mode exactly as they would to Keycloak.
 * It exists only while the development issuer does (embedded mode, loopback address).
 */
public final class DevOidcRoutes {
    private static final Logger log = LoggerFactory.getLogger(DevOidcRoutes.class);
    private static final int MAX_FORM_BYTES = 16 * 1024;

    /** Lifetimes of what the token endpoint hands out: access tokens, and the sign-in a refresh token keeps alive. */
    public record Lifetimes(Duration accessToken, Duration session) {
    }

    private final DevIssuer issuer;
    private final DevClientPolicy policy;
    private final AuthorizationCodes codes;
    private final Lifetimes lifetimes;
    private final Clock clock;

    public DevOidcRoutes(DevIssuer issuer, Set<String> clientIds, String publicUrl, Lifetimes lifetimes, Clock clock) {
        this.issuer = issuer;
        this.policy = new DevClientPolicy(clientIds, publicUrl);
        this.codes = new AuthorizationCodes(clock);
        this.lifetimes = lifetimes;
        this.clock = clock;
    }

    public void mount(Router router) {
        var base = DevIssuer.PATH;
        router.get(base + "/.well-known/openid-configuration").handler(ctx -> json(ctx.response()
                .putHeader("Access-Control-Allow-Origin", "*"), 200, metadata()));
        router.get(base + "/jwks").handler(ctx -> json(ctx.response()
                .putHeader("Access-Control-Allow-Origin", "*"), 200, new JsonObject(issuer.publicKeys().toJSONObject())));
        router.get(base + "/authorize").handler(this::showSignIn);
        router.post(base + "/authorize").handler(BodyHandler.create(false).setBodyLimit(MAX_FORM_BYTES))
                .handler(this::signIn);
        router.route(base + "/token").handler(this::tokenCors);
        router.post(base + "/token").handler(BodyHandler.create(false).setBodyLimit(MAX_FORM_BYTES))
                .handler(this::token);
        router.get(base + "/logout").handler(this::logout);
    }

    private JsonObject metadata() {
        var iss = issuer.issuer();
        return new JsonObject()
                .put("issuer", iss)
                .put("authorization_endpoint", iss + "/authorize")
                .put("token_endpoint", iss + "/token")
                .put("jwks_uri", iss + "/jwks")
                .put("end_session_endpoint", iss + "/logout")
                .put("response_types_supported", new JsonArray().add("code"))
                .put("response_modes_supported", new JsonArray().add("query"))
                .put("grant_types_supported", new JsonArray().add("authorization_code").add("refresh_token"))
                .put("code_challenge_methods_supported", new JsonArray().add("S256"))
                .put("token_endpoint_auth_methods_supported", new JsonArray().add("none"))
                .put("subject_types_supported", new JsonArray().add("public"))
                .put("id_token_signing_alg_values_supported", new JsonArray().add("RS256"))
                .put("scopes_supported", new JsonArray().add("openid").add("profile"))
                .put("claims_supported", new JsonArray().add("sub").add("preferred_username").add("realm_access"));
    }

    private void showSignIn(RoutingContext ctx) {
        switch (AuthorizationRequest.parse(ctx.request().params(), policy)) {
            case AuthorizationRequest.Refused refused -> refusalPage(ctx, refused.reason());
            case AuthorizationRequest.ErrorRedirect error -> redirect(ctx, error.redirectUri(),
                    errorParameters(error.error(), error.description(), error.state()));
            case AuthorizationRequest.Valid valid -> signInPage(ctx, 200, valid.request(), null, null);
        }
    }

    private void signIn(RoutingContext ctx) {
        var form = ctx.request().formAttributes();
        switch (AuthorizationRequest.parse(form, policy)) {
            case AuthorizationRequest.Refused refused -> refusalPage(ctx, refused.reason());
            case AuthorizationRequest.ErrorRedirect error -> redirect(ctx, error.redirectUri(),
                    errorParameters(error.error(), error.description(), error.state()));
            case AuthorizationRequest.Valid valid -> {
                var request = valid.request();
                var username = form.get("username");
                if (!DevIssuer.isValidUsername(username)) {
                    signInPage(ctx, 400, request, "A username is 1 to 64 letters, digits, '.', '_' or '-'.", username);
                    return;
                }
                var admin = "on".equals(form.get("admin"));
                var code = codes.issue(username, admin, request.clientId(), request.redirectUri().toString(),
                        request.codeChallenge(), request.nonce(), request.scope());
                if (code.isEmpty()) {
                    signInPage(ctx, 503, request, "Too many sign-ins are in progress; try again in a minute.", username);
                    return;
                }
                log.info("development sign-in of {} for client {}{}", username, request.clientId(), admin ? " (admin)" : "");
                var parameters = new LinkedHashMap<String, String>();
                parameters.put("code", code.get());
                if (request.state() != null) {
                    parameters.put("state", request.state());
                }
                redirect(ctx, request.redirectUri(), parameters);
            }
        }
    }

    /** CORS for browsers calling the token endpoint: the server's own origin and loopback origins only. */
    private void tokenCors(RoutingContext ctx) {
        var origin = ctx.request().getHeader("Origin");
        if (origin == null) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("Vary", "Origin");
        if (!policy.allowedOrigin(origin)) {
            oauthError(ctx, 403, "invalid_request", "requests from this origin are not allowed");
            return;
        }
        ctx.response().putHeader("Access-Control-Allow-Origin", origin);
        if (ctx.request().method() == HttpMethod.OPTIONS) {
            ctx.response().putHeader("Access-Control-Allow-Methods", "POST")
                    .putHeader("Access-Control-Allow-Headers", "Content-Type")
                    .putHeader("Access-Control-Max-Age", "600")
                    .setStatusCode(204).end();
            return;
        }
        ctx.next();
    }

    private void token(RoutingContext ctx) {
        var contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            oauthError(ctx, 400, "invalid_request", "the body must be application/x-www-form-urlencoded");
            return;
        }
        var form = ctx.request().formAttributes();
        var clientId = form.get("client_id");
        if (!policy.knownClient(clientId)) {
            oauthError(ctx, 401, "invalid_client", "client_id is missing or names no client of this server");
            return;
        }
        switch (form.get("grant_type")) {
            case null -> oauthError(ctx, 400, "invalid_request", "grant_type is missing");
            case "authorization_code" -> {
                if (form.get("code") == null || form.get("redirect_uri") == null || form.get("code_verifier") == null) {
                    oauthError(ctx, 400, "invalid_request", "code, redirect_uri and code_verifier are required");
                    return;
                }
                switch (codes.redeem(form.get("code"), clientId, form.get("redirect_uri"), form.get("code_verifier"))) {
                    case AuthorizationCodes.Redemption.Refused refused ->
                            oauthError(ctx, 400, refused.error(), refused.description());
                    case AuthorizationCodes.Redemption.Granted granted -> {
                        var code = granted.grant();
                        var grant = new DevGrant(code.username(), code.admin(), clientId,
                                clock.instant().plus(lifetimes.session()));
                        tokens(ctx, grant, code.nonce(), code.scope());
                    }
                }
            }
            case "refresh_token" -> {
                DevGrant grant;
                try {
                    grant = issuer.readRefreshToken(form.get("refresh_token") == null ? "" : form.get("refresh_token"));
                } catch (InvalidTokenException e) {
                    oauthError(ctx, 400, "invalid_grant", e.getMessage());
                    return;
                }
                if (!clientId.equals(grant.clientId())) {
                    oauthError(ctx, 400, "invalid_grant", "the refresh token was issued to another client");
                    return;
                }
                tokens(ctx, grant, null, null);
            }
            default -> oauthError(ctx, 400, "unsupported_grant_type",
                    "grant_type must be authorization_code or refresh_token");
        }
    }

    /** An access token (never outliving the sign-in), a rotated refresh token, and an ID token. */
    private void tokens(RoutingContext ctx, DevGrant grant, String nonce, String scope) {
        var now = clock.instant();
        var accessExpiry = min(now.plus(lifetimes.accessToken()), grant.sessionEnd());
        var accessTtl = Duration.between(now, accessExpiry);
        var body = new JsonObject()
                .put("access_token", issuer.issue(grant.username(), grant.admin(), grant.clientId(), accessTtl))
                .put("token_type", "Bearer")
                .put("expires_in", accessTtl.toSeconds())
                .put("refresh_token", issuer.refreshToken(grant))
                .put("refresh_expires_in", Duration.between(now, grant.sessionEnd()).toSeconds())
                .put("id_token", issuer.idToken(grant.username(), grant.clientId(), nonce, accessTtl))
                .put("scope", scope == null ? "openid profile" : scope);
        json(ctx.response().putHeader("Pragma", "no-cache"), 200, body);
    }

    private void logout(RoutingContext ctx) {
        var target = ctx.request().getParam("post_logout_redirect_uri");
        if (target == null) {
            htmlPage(ctx, 200, SignInPage.refusal("Signed out",
                    "The development issuer keeps no session, so there is nothing more to end."), null);
            return;
        }
        var allowed = policy.redirectTarget(target);
        if (allowed.isEmpty()) {
            refusalPage(ctx, "post_logout_redirect_uri is not allowed: it must be an http URL on loopback "
                    + "or lie below this server's public URL");
            return;
        }
        var parameters = new LinkedHashMap<String, String>();
        var state = ctx.request().getParam("state");
        if (state != null && state.length() <= 1024) {
            parameters.put("state", state);
        }
        redirect(ctx, allowed.get(), parameters);
    }

    private void signInPage(RoutingContext ctx, int status, AuthorizationRequest request, String error, String username) {
        htmlPage(ctx, status, SignInPage.form(request.asFields(), request.clientId(), error, username),
                DevClientPolicy.originOf(request.redirectUri()));
    }

    private void refusalPage(RoutingContext ctx, String reason) {
        htmlPage(ctx, 400, SignInPage.refusal("Sign-in refused", reason), null);
    }

    private static void htmlPage(RoutingContext ctx, int status, String html, String formTarget) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", SignInPage.contentSecurityPolicy(formTarget))
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-store")
                .end(html);
    }

    private static void redirect(RoutingContext ctx, URI target, Map<String, String> parameters) {
        var location = new StringBuilder(target.toString());
        var separator = target.getRawQuery() == null ? '?' : '&';
        for (var parameter : parameters.entrySet()) {
            location.append(separator).append(parameter.getKey()).append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        ctx.response().setStatusCode(302).putHeader("Location", location.toString())
                .putHeader("Cache-Control", "no-store").putHeader("Referrer-Policy", "no-referrer").end();
    }

    private static Map<String, String> errorParameters(String error, String description, String state) {
        var parameters = new LinkedHashMap<String, String>();
        parameters.put("error", error);
        parameters.put("error_description", description);
        if (state != null) {
            parameters.put("state", state);
        }
        return parameters;
    }

    private static void oauthError(RoutingContext ctx, int status, String error, String description) {
        json(ctx.response(), status, new JsonObject().put("error", error).put("error_description", description));
    }

    private static void json(HttpServerResponse response, int status, JsonObject body) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.encode());
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
