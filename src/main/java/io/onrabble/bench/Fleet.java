package io.onrabble.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load: publishers and subscribers on a Vert.x WebSocket client with few event loops. A
 * connection counts as live when its presence snapshot arrives; after that a subscriber only counts
 * bench messages of the current step and records their latency, a publisher only counts error
 * frames. Nothing is parsed as JSON (see {@link Marker}).
 */
final class Fleet implements AutoCloseable {
    private static final long START = System.nanoTime();
    /**
     * Publishers catch up at most this much of a schedule they fell behind (a longer burst would skew
     * latency); at least {@link #MIN_CATCH_UP} messages, so one late tick at a low rate loses nothing.
     */
    private static final double MAX_CATCH_UP_SECONDS = 0.1;
    private static final long MIN_CATCH_UP = 10;

    private final Vertx vertx;
    /**
     * The publishers' clock: a thread of its own, so that a burst of reads on the event loop does not
     * delay the schedule (the writes themselves still queue on the connections' event loop, and that
     * delay is part of the latency measured).
     */
    private final java.util.concurrent.ScheduledExecutorService schedule =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("bench-pacer").daemon().factory());
    private final WebSocketClient client;
    private final URI url;
    private final String query;
    private final List<WebSocket> publishers = new CopyOnWriteArrayList<>();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger subscribersLive = new AtomicInteger();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final AtomicLong sent = new AtomicLong();
    private final LongAdder pushedBack = new LongAdder();
    private final Recorder latency = new Recorder(3);
    private final Map<String, Long> failures = new ConcurrentHashMap<>();
    private volatile int step = -1;
    private volatile String firstError;

    Fleet(URI url, String query, int eventLoops, int connections) {
        this.url = url;
        this.query = query;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(connections + 1)
                .setMaxMessageSize(64 * 1024 * 1024)
                .setMaxFrameSize(64 * 1024 * 1024)
                .setConnectTimeout(30_000)
                .setTcpNoDelay(true));
    }

    private static long now() {
        return System.nanoTime() - START;
    }

    /**
     * Opens the publishers' then the subscribers' connections, {@code concurrency} handshakes at a
     * time (a handshake ends when its connection is live or failed), and waits until every one is
     * live or failed, or {@code timeoutSeconds} passed.
     */
    ConnectResult connect(List<String> publisherTokens, List<String> subscriberTokens, int concurrency,
                          long timeoutSeconds, java.util.function.LongConsumer everySecond) throws InterruptedException {
        int total = publisherTokens.size() + subscriberTokens.size();
        var done = new CountDownLatch(total);
        var next = new AtomicInteger();
        var timeToLive = new Recorder(3);
        long began = System.nanoTime();
        var opener = new Runnable() {
            @Override
            public void run() {
                int i = next.getAndIncrement();
                if (i >= total) {
                    return;
                }
                boolean publisher = i < publisherTokens.size();
                open(publisher ? publisherTokens.get(i) : subscriberTokens.get(i - publisherTokens.size()), publisher,
                        micros -> {
                            timeToLive.recordValue(micros);
                            done.countDown();
                            run();
                        },
                        reason -> {
                            failures.merge(reason, 1L, Long::sum);
                            done.countDown();
                            run();
                        });
            }
        };
        for (int i = 0; i < Math.min(concurrency, total); i++) {
            opener.run();
        }
        boolean all = false;
        for (long second = 1; !all && second <= timeoutSeconds; second++) {
            all = done.await(Math.max(0, began + second * 1_000_000_000L - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!all) {
                everySecond.accept(second);
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        if (!all) {
            failures.merge("not live within " + timeoutSeconds + " s", total - (long) live.get()
                    - failures.values().stream().mapToLong(Long::longValue).sum(), Long::sum);
        }
        return new ConnectResult(total, live.get(), concurrency, seconds, timeToLive.getIntervalHistogram(),
                Map.copyOf(failures));
    }

    private void open(String token, boolean publisher, java.util.function.LongConsumer onLive,
                      java.util.function.Consumer<String> onFailure) {
        long began = System.nanoTime();
        var options = new WebSocketConnectOptions()
                .setHost(url.getHost())
                .setPort(url.getPort() > 0 ? url.getPort() : url.getScheme().equals("wss") ? 443 : 80)
                .setSsl(url.getScheme().equals("wss"))
                .setURI(url.getRawPath() + "?token=" + token + (query.isEmpty() ? "" : "&" + query));
        var settled = new java.util.concurrent.atomic.AtomicBoolean();
        client.connect(options).onSuccess(ws -> {
            var isLive = new boolean[1];
            ws.handler(frame -> {
                if (!isLive[0]) {
                    if (Marker.isPresenceSnapshot(frame) && settled.compareAndSet(false, true)) {
                        isLive[0] = true;
                        live.incrementAndGet();
                        if (publisher) {
                            publishers.add(ws);
                        } else {
                            subscribersLive.incrementAndGet();
                        }
                        onLive.accept((System.nanoTime() - began) / 1000);
                    }
                    return;
                }
                if (publisher) {
                    onPublisherFrame(frame);
                } else {
                    onSubscriberFrame(frame);
                }
            });
            ws.closeHandler(ignored -> {
                if (settled.compareAndSet(false, true)) {
                    onFailure.accept("closed before live (code " + ws.closeStatusCode() + ")");
                } else if (isLive[0]) {
                    closed.increment();
                    live.decrementAndGet();
                    if (publisher) {
                        publishers.remove(ws);
                    } else {
                        subscribersLive.decrementAndGet();
                    }
                }
            });
        }).onFailure(e -> {
            if (settled.compareAndSet(false, true)) {
                onFailure.accept(e instanceof UpgradeRejectedException rejected
                        ? "HTTP " + rejected.getStatus() : e.getClass().getSimpleName() + ": " + withoutToken(e.getMessage()));
            }
        });
    }

    /** Some failures (a timeout) quote the request line; the token in it must not reach the output. */
    static String withoutToken(String message) {
        return message == null ? "" : message.replaceAll("token=[^&\\s]*", "token=…");
    }

    private void onSubscriberFrame(Buffer frame) {
        long sentAt = Marker.sendTime(frame, step);
        if (sentAt >= 0) {
            delivered.increment();
            latency.recordValue(Math.max(0, (now() - sentAt) / 1000));
        }
    }

    private void onPublisherFrame(Buffer frame) {
        if (Marker.isError(frame)) {
            refused.increment();
            if (firstError == null) {
                firstError = frame.toString();
            }
        }
    }

    /** Starts step {@code id}: counts reset, publishers send {@code rate} messages a second between them. */
    Pacer start(int id, double rate, String channelJson) {
        latency.reset();
        delivered.reset();
        refused.reset();
        sent.set(0);
        pushedBack.reset();
        step = id;
        return new Pacer(id, rate, channelJson);
    }

    /** The schedule of one step: a timer writes what is due, round robin over the publishers. */
    final class Pacer {
        private final long began = now();
        private final java.util.concurrent.ScheduledFuture<?> timer;
        private volatile long offered;
        private int next;

        private Pacer(int id, double rate, String channelJson) {
            this.timer = schedule.scheduleAtFixedRate(() -> {
                long due = (long) (rate * (now() - began) / 1e9);
                long behind = due - offered;
                long burst = Math.max(MIN_CATCH_UP, (long) (rate * MAX_CATCH_UP_SECONDS));
                offered = due;
                long toSend = Math.min(behind, burst);
                var targets = publishers;
                for (long i = 0; i < toSend && !targets.isEmpty(); i++) {
                    var ws = targets.get(Math.floorMod(next++, targets.size()));
                    if (ws.writeQueueFull()) {
                        pushedBack.increment();
                        continue;
                    }
                    ws.writeTextMessage(Marker.frame(channelJson, id, now()));
                    sent.incrementAndGet();
                }
            }, 1, 2, TimeUnit.MILLISECONDS);
        }

        /** Stops sending; what the schedule had asked for until its last tick. */
        long stop() {
            timer.cancel(false);
            return offered;
        }
    }

    int live() {
        return live.get();
    }

    int subscribersLive() {
        return subscribersLive.get();
    }

    long sent() {
        return sent.get();
    }

    /** Messages of this step not written because the publisher's socket pushed back. */
    long pushedBack() {
        return pushedBack.sum();
    }

    long delivered() {
        return delivered.sum();
    }

    long refused() {
        return refused.sum();
    }

    long closed() {
        return closed.sum();
    }

    /** The first error frame a publisher got, for the report; null if none. */
    String firstError() {
        return firstError;
    }

    /** The latencies recorded since the last call. */
    Histogram latencySinceLastCall() {
        return latency.getIntervalHistogram();
    }

    @Override
    public void close() throws InterruptedException {
        schedule.shutdownNow();
        client.close();
        var closedVertx = new CountDownLatch(1);
        vertx.close().onComplete(ignored -> closedVertx.countDown());
        closedVertx.await(10, TimeUnit.SECONDS);
    }
}
