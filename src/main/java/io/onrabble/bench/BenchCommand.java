package io.onrabble.bench;

import io.onrabble.app.Config;
import io.onrabble.app.ConfigException;
import io.onrabble.app.Durations;
import io.onrabble.auth.DevIssuer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench", sortOptions = false,
        description = {"Load test a running server: connect subscribers and publishers, offer a message rate, report",
                "connect time, deliveries/s, loss and latency percentiles. Without --tokens it mints tokens from the",
                "data directory's development issuer (run it with the server's ONRABBLE_* environment)."})
public final class BenchCommand implements Callable<Integer> {
    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Option(names = "--url", description = "The server's WebSocket URL (default: ws://127.0.0.1:<ONRABBLE_HTTP_PORT>/ws).")
    URI url;

    @Option(names = {"-n", "--subscribers"}, defaultValue = "100", description = "Connections that only receive (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = {"-k", "--publishers"}, defaultValue = "2", description = "Connections that send (default: ${DEFAULT-VALUE}).")
    int publishers;

    @Option(names = "--rate", defaultValue = "100", description = "Messages a second across all publishers; with --sweep the first step's (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "10s", description = "Length of the measured window (of each step with --sweep) (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--warmup", defaultValue = "2s", description = "Unmeasured sending at the first rate before measuring, 0s for none (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--channel", defaultValue = "General", description = "Channel to publish to (default: ${DEFAULT-VALUE}).")
    String channel;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "200", description = "Handshakes in flight at a time; one ends when its connection is live (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--tokens", description = "File with one access token a line (as `token --count` prints): publishers first, then subscribers.")
    Path tokensFile;

    @Option(names = "--admin-token-file", description = "With --tokens: a file holding an admin token, used to raise the publishers' rate limits for the run.")
    Path adminTokenFile;

    @Option(names = "--user-prefix", defaultValue = "bench", description = "Minted users are <prefix>-pub-i and <prefix>-sub-i (default: ${DEFAULT-VALUE}).")
    String userPrefix;

    @Option(names = "--query", defaultValue = "", description = "Extra query parameters for every connection, e.g. presence=batch.")
    String query;

    @Option(names = "--sweep", description = "Raise the rate step by step until a step is not sustainable; report the highest that was.")
    boolean sweep;

    @Option(names = "--sweep-factor", defaultValue = "1.25", description = "Each step's rate is the last one's times this (default: ${DEFAULT-VALUE}).")
    double sweepFactor;

    @Option(names = "--sweep-max", description = "Stop the sweep before passing this rate (default: what the publishers may send, 10,000/s each).")
    Double sweepMax;

    @Option(names = "--max-loss", defaultValue = "1", description = "Sustainable: at most this many percent of deliveries lost (default: ${DEFAULT-VALUE}).")
    double maxLossPercent;

    @Option(names = "--max-p99", defaultValue = "200ms", description = "Sustainable: p99 latency at most this (default: ${DEFAULT-VALUE}).")
    String maxP99;

    @Option(names = "--connect-only", description = "Only connect (no messages): report the time until all are live.")
    boolean connectOnly;

    @Option(names = "--hold", defaultValue = "0s", description = "With --connect-only: keep the connections open and idle this long (e.g. to read the server's memory).")
    String hold;

    @Option(names = "--event-loops", defaultValue = "1", description = "The client's event-loop threads (default: ${DEFAULT-VALUE}).")
    int eventLoops;

    @Option(names = "--connect-timeout", defaultValue = "300s", description = "Give up on connections not live this long after the first handshake (default: ${DEFAULT-VALUE}).")
    String connectTimeout;

    public BenchCommand() {
        this(System.getenv());
    }

    BenchCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        var config = Config.fromEnv(env);
        var criteria = new Criteria(maxLossPercent / 100, Durations.parse(maxP99).toNanos() / 1000);
        var plan = new BenchPlan(url == null ? URI.create("ws://127.0.0.1:" + config.httpPort() + "/ws") : url,
                query, subscribers, publishers, concurrency, rate, Durations.parse(duration), Durations.parse(warmup),
                channel, sweep ? new Sweep(rate, sweepFactor,
                sweepMax == null ? Math.max(rate, (double) publishers * RateLimits.MAX_PER_SECOND) : sweepMax, criteria) : null, connectOnly,
                Durations.parse(hold), eventLoops, Durations.parse(connectTimeout), criteria);
        var bench = new Bench(plan, spec.commandLine().getOut(), spec.commandLine().getErr());
        return bench.run(tokens(config));
    }

    private Tokens tokens(Config config) throws Exception {
        if (tokensFile != null) {
            String admin = null;
            if (adminTokenFile != null) {
                if (!Files.isReadable(adminTokenFile)) {
                    throw new IllegalArgumentException("--admin-token-file " + adminTokenFile + " is not a readable file");
                }
                admin = Files.readString(adminTokenFile).strip();
            }
            return Tokens.fromFile(tokensFile, publishers, subscribers, admin);
        }
        if (adminTokenFile != null) {
            throw new IllegalArgumentException("--admin-token-file needs --tokens (minted runs mint their own admin token)");
        }
        if (config.oidc().external()) {
            throw new ConfigException("the development issuer is off because ONRABBLE_OIDC_ISSUERS is set; "
                    + "pass tokens from your identity provider with --tokens");
        }
        if (!Files.exists(config.dataDir().resolve("dev-issuer-key.json"))) {
            throw new ConfigException("no development issuer key in " + config.dataDir()
                    + "; run bench with the server's ONRABBLE_DATA_DIR, or pass --tokens");
        }
        var issuer = DevIssuer.loadOrCreate(config.dataDir(), config.publicUrl());
        return Tokens.minted(issuer, config.chatClientId(), userPrefix, publishers, subscribers);
    }
}
