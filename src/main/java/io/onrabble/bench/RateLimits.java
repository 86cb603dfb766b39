package io.onrabble.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-user rate-limit overrides for the publishers through the admin API, so the offered rate is
 * not refused by the server's default limit (10 messages a minute), and their removal afterwards.
 * Only the bench's own users are touched.
 */
final class RateLimits {
    /** The admin API's largest limit (per publisher and second). */
    static final int MAX_PER_SECOND = 10_000;
    private static final Duration DIRECTORY_WAIT = Duration.ofSeconds(15);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String adminToken;
    private final List<String> raised = new ArrayList<>();

    RateLimits(URI wsUrl, String adminToken) {
        this.base = URI.create((wsUrl.getScheme().equals("wss") ? "https" : "http") + "://" + wsUrl.getRawAuthority());
        this.adminToken = adminToken;
    }

    /**
     * Lets each of {@code userIds} send {@link #MAX_PER_SECOND} messages a second. A user enters the
     * directory shortly after their first connect (the directory buffers writes), so a 404 is retried.
     */
    void raise(List<String> userIds) throws IOException, InterruptedException {
        for (var id : userIds) {
            long deadline = System.nanoTime() + DIRECTORY_WAIT.toNanos();
            while (true) {
                int status = send("PUT", id, "{\"message_limit\":" + MAX_PER_SECOND + ",\"window_seconds\":1}");
                if (status == 200) {
                    raised.add(id);
                    break;
                }
                if (status != 404 || System.nanoTime() > deadline) {
                    throw new IllegalStateException("raising the rate limit of " + id + " answered HTTP " + status
                            + (status == 401 || status == 403 ? " (is the admin token an admin's, of the server's issuer?)" : ""));
                }
                Thread.sleep(100); // the directory's buffered write is not observable any other way from outside
            }
        }
    }

    /** Removes the overrides {@link #raise} made; the users fall back to the default. */
    void restore() throws IOException, InterruptedException {
        for (var id : raised) {
            send("DELETE", id, null);
        }
        raised.clear();
    }

    private int send(String method, String userId, String body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(base.resolve("/ratelimits/users/" + URLEncoder.encode(userId, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + adminToken)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
