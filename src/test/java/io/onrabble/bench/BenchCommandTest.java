package io.onrabble.bench;

import io.onrabble.app.Config;
import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench command against a real embedded server: what it reports is what happened. */
class BenchCommandTest {
    private record Run(int exitCode, String out, String err) {
    }

    private static Run bench(TestServer server, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        // The server's settings: its data directory holds the issuer key, its port names the issuer.
        var command = new CommandLine(new BenchCommand(Map.of(Config.PREFIX + "DATA_DIR", server.dataDir().toString(),
                Config.PREFIX + "HTTP_PORT", Integer.toString(server.port()))));
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exitCode = command.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static TestServer server() throws Exception {
        return TestServer.start("WS_MAX_HANDSHAKES_PER_ADDRESS", "1000");
    }

    @Test
    void aRunWithMintedTokensDeliversEveryMessageToEverySubscriberAndRestoresTheRateLimits() throws Exception {
        try (var server = server()) {
            var run = bench(server, "--subscribers", "20", "--publishers", "2", "--rate", "20", "--duration", "3s",
                    "--warmup", "0s");

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("connect: 22 of 22 live");
            // 20 msg/s for 3 s is far above the default limit of 10 a minute: only the raised limits let them all through.
            var step = Pattern.compile("sent (\\d+) .*loss 0\\.00 % \\(0 of (\\d+) expected deliveries missing\\)")
                    .matcher(run.out());
            assertThat(step.find()).as(run.out()).isTrue();
            long sent = Long.parseLong(step.group(1));
            assertThat(sent).as("about 20 msg/s for 3 s").isBetween(40L, 62L);
            assertThat(Long.parseLong(step.group(2))).isEqualTo(sent * 20);
            assertThat(run.out()).contains("(" + sent * 20 + " samples)").doesNotContain("refused");
            assertThat(run.err()).contains("live 22/22  sent");

            var overrides = server.send("GET", "/ratelimits/users", server.adminToken("checker"), null);
            assertThat(overrides.body()).isEqualTo("{\"overrides\":[]}");
        }
    }

    @Test
    void connectOnlyWithTokensFromAFileReportsEveryConnectionLive() throws Exception {
        try (var server = server()) {
            var tokens = new ArrayList<String>();
            for (int i = 1; i <= 30; i++) {
                tokens.add(server.token("file-user-" + i));
            }
            var file = Files.createTempFile("bench-tokens", ".txt");
            Files.write(file, tokens);

            var run = bench(server, "--tokens", file.toString(), "-n", "30", "-k", "0", "--connect-only",
                    "--concurrency", "7", "--url", "ws://127.0.0.1:" + server.port() + "/ws");

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("connect: 30 of 30 live in", "(7 concurrent handshakes)", "(30 samples)");
        }
    }

    @Test
    void connectionsTheServerRefusesAreReportedWithTheirReason() throws Exception {
        try (var server = TestServer.start("WS_MAX_CONNECTIONS_PER_ADDRESS", "5")) {
            var run = bench(server, "-n", "8", "-k", "0", "--connect-only");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("connect: 5 of 8 live", "3 × HTTP 429", "ONRABBLE_WS_MAX_CONNECTIONS_PER_ADDRESS");
        }
    }
}
