package io.onrabble.gateway;

import io.onrabble.testing.MockIssuer;
import io.onrabble.testing.TestClient;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An identity provider that accepts the key request and never answers: upgrades waiting on it are
 * refused at the handshake deadline, and while they wait, one address cannot start more than its
 * share of handshakes.
 */
class HandshakeDeadlineTest {

    @Test
    void aTokenCheckThatHangsIsRefusedAtTheDeadlineAndCapsHandshakesInFlightPerAddress() throws Exception {
        var accepted = new ArrayList<Socket>();
        try (var silentJwks = new ServerSocket(0); var provider = new MockIssuer("Chatserver")) {
            var acceptor = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        accepted.add(silentJwks.accept()); // held open, never answered
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            try (var server = TestServer.start("OIDC_ISSUERS", provider.issuer(),
                    "OIDC_JWKS_URLS", "http://127.0.0.1:" + silentJwks.getLocalPort() + "/certs",
                    "WS_HANDSHAKE_TIMEOUT", "3s", "WS_MAX_HANDSHAKES_PER_ADDRESS", "2", "METRICS_TOKEN", "scraper")) {
                var uri = server.wsUri(provider.token("alice"));
                // five at once from one address: two are let into their (hanging) token check, three are
                // refused at once; the two are refused when the deadline passes
                var attempts = new ArrayList<CompletableFuture<Integer>>();
                for (int i = 0; i < 5; i++) {
                    attempts.add(CompletableFuture.supplyAsync(() -> TestClient.refusedStatus(uri)));
                }
                var statuses = new ArrayList<Integer>();
                for (var attempt : attempts) {
                    statuses.add(attempt.get(30, TimeUnit.SECONDS));
                }
                assertThat(statuses).containsExactlyInAnyOrder(503, 503, 429, 429, 429);
                assertThat(accepted).isNotEmpty();
                assertThat(server.send("GET", "/metrics", "scraper", null).body())
                        .contains("onrabble_edge_deadline_exceeded_total{stage=\"handshake\"} 2.0")
                        .contains("onrabble_connections_refused_total{cap=\"address_handshakes\"} 3.0");
                assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
            }
            acceptor.interrupt();
        } finally {
            for (var socket : accepted) {
                socket.close();
            }
        }
    }
}
