package io.onrabble.app;

import io.onrabble.auth.DevIssuer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What an operator reads once start-up is done: which adapters run, where the data is, who issues tokens. */
final class StartupLog {
    /** The server's logger, as before the split: these lines are what operators look for at start. */
    private static final Logger log = LoggerFactory.getLogger(OnRabbleServer.class);

    private StartupLog() {
    }

    static void modes(Config config, String nodeId, int port) {
        var oidc = config.oidc();
        if (!config.database().postgresql() && !config.valkey().enabled() && !oidc.external()) {
            log.info("Running in EMBEDDED development mode: everything in one process, data in {}", config.dataDir());
        }
        log.info("Store: {}", config.database().postgresql()
                ? "PostgreSQL at " + config.database().target().redacted()
                : "SQLite (embedded) in " + config.dataDir().toAbsolutePath());
        log.info("Message journal and rate limiter: {}", config.valkey().enabled()
                ? "Valkey at " + config.valkey().redacted() + " (key prefix '" + config.valkey().keyPrefix() + "')"
                : "in-process (embedded; every message is committed to the database before it is acked)");
        log.info("Broker and presence: {}", config.valkey().enabled()
                ? "Valkey pub/sub and presence keys (several nodes; this node is '" + nodeId + "')"
                : "in-process (single node)");
        if (oidc.external()) {
            log.info("Identity: tokens from {}", oidc.issuers().stream().map(Config.OidcIssuer::url).toList());
        } else {
            log.info("Identity: DEVELOPMENT issuer {} (loopback only; anyone may sign in as anyone): sign in through its "
                    + "OpenID Connect endpoints, or get a token with 'java -jar onrabble-server.jar token <username>'",
                    config.publicUrl() + DevIssuer.PATH);
        }
        log.info("Listening on http://{}:{} (WebSocket at /ws)", config.httpHost(), port);
        log.info("Web chat at {}/ and admin dashboard at {}/admin", config.publicUrl(), config.publicUrl());
    }
}
