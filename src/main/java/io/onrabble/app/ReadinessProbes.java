package io.onrabble.app;

import io.onrabble.auth.TrustedIssuer;
import io.onrabble.concurrent.Blocking;
import io.onrabble.metrics.Metrics;
import io.onrabble.ops.Readiness;
import io.onrabble.ops.ReadinessChecks;
import io.onrabble.store.Database;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code /readyz} as this configuration needs it: what it checks, how often, and its part in a graceful stop. */
final class ReadinessProbes {
    private static final Logger log = LoggerFactory.getLogger(ReadinessProbes.class);
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    private ReadinessProbes() {
    }

    /** The database, Valkey when configured (over a connection of its own) and the identity provider's keys. */
    static Readiness create(Config config, Database database, List<TrustedIssuer> issuers, Blocking blocking,
                            Metrics metrics, Lifecycle lifecycle) {
        var checks = new ArrayList<>(List.of(ReadinessChecks.database(database), ReadinessChecks.identity(issuers)));
        if (config.valkey().enabled()) {
            var valkey = lifecycle.started("readiness Valkey connection", new ReadinessChecks.Valkey(config.valkey().uri()));
            checks.add(1, valkey.check());
        }
        return new Readiness(checks, blocking.executor(), metrics);
    }

    /**
     * Probes now and every few seconds (so {@code onrabble_dependency_up} stays current and an outage is
     * logged even if nobody asks), and registers the stop: {@code /readyz} turns 503, then {@code drain}
     * gives the proxy time to send new connections elsewhere before the open ones close.
     */
    static void start(Readiness readiness, Duration drain, Vertx vertx, Blocking blocking, Lifecycle lifecycle) {
        blocking.executor().execute(readiness::evaluate);
        lifecycle.every(vertx, "readiness probe", INTERVAL, () -> blocking.executor().execute(readiness::evaluate));
        lifecycle.started("readiness", readiness, () -> {
            readiness.stopping();
            if (drain.isPositive()) {
                log.info("stopping: /readyz answers 503; closing connections in {}", drain);
                Thread.sleep(drain);
            }
        });
    }
}
