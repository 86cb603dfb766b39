package io.onrabble.app;

import io.onrabble.auth.DevIssuer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "token", description = "Print an access token from the embedded development issuer.")
final class TokenCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Username (letters, digits, '.', '_', '-').")
    String username;

    @Option(names = "--admin", description = "Give the token the admin role.")
    boolean admin;

    @Option(names = "--ttl", defaultValue = "1h", description = "Lifetime, e.g. 30m, 1h, 7d (default: ${DEFAULT-VALUE}).")
    String ttl;

    @Option(names = "--client", description = "Client id (azp); the dashboard's id keeps the user out of presence.")
    String client;

    @Override
    public Integer call() throws Exception {
        var config = Config.fromEnv(System.getenv());
        var issuer = DevIssuer.loadOrCreate(config.dataDir());
        System.out.println(issuer.issue(username, admin, client == null ? config.chatClientId() : client,
                Durations.parse(ttl)));
        return 0;
    }
}
