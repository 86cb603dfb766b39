package io.onrabble.ops;

import io.onrabble.metrics.Metrics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code /readyz}: whether this node should get traffic. Every check runs at once, each bounded by a
 * timeout; the answer is 200 when all pass, 503 naming the failing ones otherwise, and 503 from the
 * start of a graceful stop on. Each check is also the gauge {@code onrabble_dependency_up}; a
 * change of state is logged once, with the reason, which the public answer leaves out.
 */
public final class Readiness {
    private static final Logger log = LoggerFactory.getLogger(Readiness.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** One dependency; {@code probe} throws when it is unreachable. */
    public record Check(String name, Probe probe) {
    }

    @FunctionalInterface
    public interface Probe {
        void run() throws Exception;
    }

    /** The outcome: the failing check names, in check order, or "shutdown" while stopping. */
    public record Result(List<String> failing, Map<String, Boolean> checks) {
        public boolean ready() {
            return failing.isEmpty();
        }

        JsonObject toJson() {
            var json = new JsonObject().put("status", ready() ? "ready" : "unavailable");
            if (!ready()) {
                json.put("failing", new JsonArray(failing));
            }
            var parts = new JsonObject();
            checks.forEach((name, up) -> parts.put(name, up ? "ok" : "failing"));
            return json.put("checks", parts);
        }
    }

    private final List<Check> checks;
    private final ExecutorService executor;
    private final Map<String, AtomicInteger> up = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public Readiness(List<Check> checks, ExecutorService executor, Metrics metrics) {
        this.checks = List.copyOf(checks);
        this.executor = executor;
        for (var check : checks) {
            var gauge = new AtomicInteger(1);
            up.put(check.name(), gauge);
            metrics.dependencyUp(check.name(), gauge);
        }
    }

    /** From now on the node answers 503, so proxies stop sending it new connections. */
    public void stopping() {
        stopping = true;
    }

    /** Runs every check (blocking, up to the timeout). */
    public Result evaluate() {
        var futures = new LinkedHashMap<String, CompletableFuture<Void>>();
        for (var check : checks) {
            futures.put(check.name(), CompletableFuture.runAsync(() -> {
                try {
                    check.probe().run();
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
                }
            }, executor).orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        }
        var results = new LinkedHashMap<String, Boolean>();
        var failing = new ArrayList<String>();
        if (stopping) {
            failing.add("shutdown");
        }
        futures.forEach((name, future) -> {
            var reason = reasonOf(future);
            results.put(name, reason == null);
            if (reason != null) {
                failing.add(name);
            }
            record(name, reason);
        });
        return new Result(List.copyOf(failing), results);
    }

    private static String reasonOf(CompletableFuture<Void> future) {
        try {
            future.join();
            return null;
        } catch (RuntimeException e) {
            var cause = e.getCause() == null ? e : e.getCause();
            return cause instanceof TimeoutException
                    ? "no answer within " + TIMEOUT.toSeconds() + " s"
                    : String.valueOf(cause.getMessage());
        }
    }

    private void record(String name, String reason) {
        var now = reason == null ? 1 : 0;
        var before = up.get(name).getAndSet(now);
        if (before == 1 && now == 0) {
            log.warn("not ready: {} is unreachable: {}", name, reason);
        } else if (before == 0 && now == 1) {
            log.info("{} is reachable again", name);
        }
    }

    public void mount(Router router) {
        router.get("/readyz").handler(ctx -> ctx.vertx().executeBlocking(this::evaluate, false)
                .onSuccess(result -> ctx.response().setStatusCode(result.ready() ? 200 : 503)
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Cache-Control", "no-store")
                        .end(result.toJson().encode()))
                .onFailure(ctx::fail));
    }
}
