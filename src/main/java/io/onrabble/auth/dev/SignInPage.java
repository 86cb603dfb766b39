package io.onrabble.auth.dev;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * The development issuer's HTML: the sign-in form (username and an admin checkbox, nothing else) and
 * the refusal page. Everything echoed from the request is HTML-escaped; the pages carry no script at
 * all, and their one style block is allowed by its hash in the Content-Security-Policy.
 */
final class SignInPage {
    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;"
            + "padding:0 1rem;color:#1a1a1a}.dev{background:#fff3cd;border:2px solid #b45309;padding:.75rem;"
            + "font-weight:700}label{display:block;margin:1rem 0 .25rem}input[type=text]{width:100%;padding:.5rem;"
            + "font-size:1rem;box-sizing:border-box}.check{display:flex;gap:.5rem;align-items:center}"
            + ".check label{margin:0}button{margin-top:1.25rem;padding:.6rem 1.2rem;font-size:1rem}"
            + ".error{color:#991b1b;font-weight:700}";
    private static final String STYLE_HASH = "'sha256-" + sha256(STYLE) + "'";

    private SignInPage() {
    }

    /**
     * The sign-in form; {@code request} holds the authorization request's parameters, carried through
     * as hidden fields; {@code error} (or null) says why the last attempt was refused.
     */
    static String form(Map<String, String> request, String clientId, String error, String username) {
        var hidden = new StringBuilder();
        request.forEach((name, value) -> hidden.append("<input type=\"hidden\" name=\"").append(escape(name))
                .append("\" value=\"").append(escape(value)).append("\">"));
        var body = "<p class=\"dev\">DEVELOPMENT SIGN-IN: this server runs its built-in development issuer, which "
                + "signs in anyone under any name. Never expose it to a network.</p>"
                + "<h1>Sign in to " + escape(clientId) + "</h1>"
                + (error == null ? "" : "<p class=\"error\" role=\"alert\">" + escape(error) + "</p>")
                + "<form method=\"post\" action=\"authorize\">" + hidden
                + "<label for=\"username\">Username</label>"
                + "<input type=\"text\" id=\"username\" name=\"username\" required maxlength=\"64\" "
                + "pattern=\"[A-Za-z0-9._\\-]{1,64}\" autocomplete=\"username\" autofocus value=\""
                + escape(username == null ? "" : username) + "\">"
                + "<div class=\"check\"><input type=\"checkbox\" id=\"admin\" name=\"admin\" value=\"on\">"
                + "<label for=\"admin\">admin role</label></div>"
                + "<button type=\"submit\" id=\"sign-in\">Sign in</button></form>";
        return page("Development sign-in", body);
    }

    static String refusal(String title, String reason) {
        return page(title, "<p class=\"dev\">DEVELOPMENT SIGN-IN</p><h1>" + escape(title) + "</h1><p>"
                + escape(reason) + "</p>");
    }

    /** The Content-Security-Policy of these pages; the form may post to the issuer and be redirected to {@code formTarget}. */
    static String contentSecurityPolicy(String formTarget) {
        return "default-src 'none'; style-src " + STYLE_HASH + "; form-action 'self'"
                + (formTarget == null ? "" : " " + formTarget) + "; frame-ancestors 'none'; base-uri 'none'";
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head><body>" + body
                + "</body></html>";
    }

    static String escape(String text) {
        var out = new StringBuilder(text.length() + 16);
        for (var c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
