package io.onrabble.app;

import io.onrabble.auth.DevIssuer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "token", description = "Print an access token from the embedded development issuer.")
final class TokenCommand implements Callable<Integer> {
    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "Username (letters, digits, '.', '_', '-').")
    String username;

    @Option(names = "--admin", description = "Give the token the admin role.")
    boolean admin;

    @Option(names = "--ttl", defaultValue = "1h", description = "Lifetime, e.g. 30m, 1h, 7d (default: ${DEFAULT-VALUE}).")
    String ttl;

    @Option(names = "--count", defaultValue = "1",
            description = "Print this many tokens, one a line, for <username>-1 ... <username>-N (load tests).")
    int count;

    @Option(names = "--client", description = "Client id (azp); the dashboard's id keeps the user out of presence.")
    String client;

    TokenCommand() {
        this(System.getenv());
    }

    TokenCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        var config = Config.fromEnv(env);
        if (config.oidc().external()) {
            throw new ConfigException("the development issuer is off because ONRABBLE_OIDC_ISSUERS is set; "
                    + "get tokens from your identity provider");
        }
        if (count < 1) {
            throw new ConfigException("--count must be at least 1");
        }
        var issuer = DevIssuer.loadOrCreate(config.dataDir(), config.publicUrl());
        var out = spec.commandLine().getOut();
        for (int i = 1; i <= count; i++) {
            out.println(issuer.issue(count == 1 ? username : username + "-" + i, admin,
                    client == null ? config.chatClientId() : client, Durations.parse(ttl)));
        }
        out.flush();
        return 0;
    }
}
