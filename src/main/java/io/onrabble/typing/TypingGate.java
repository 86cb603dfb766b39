package io.onrabble.typing;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Decides what becomes of one typing frame, per sender, on this node: beyond the sender's own rate
 * limit it is refused; within {@code interval} of the last one relayed for the same conversation it
 * is absorbed (the indicator shown is still running); otherwise it is relayed. Memory is bounded by
 * the senders active within the last interval or window: older entries say nothing and are dropped.
 */
final class TypingGate {
    private static final int EVICT_EVERY = 4096;

    sealed interface Decision {
    }

    record Relay() implements Decision {
    }

    record Absorbed() implements Decision {
    }

    record Limited(long retryAfterMs) implements Decision {
    }

    private record Conversation(String senderId, String target) {
    }

    /** A fixed window: its start and how many frames it counted. */
    private record Window(long startNanos, int count) {
    }

    private final long intervalNanos;
    private final long windowNanos;
    private final int limit;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<Conversation, Long> lastRelayed = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    TypingGate(TypingSettings settings, LongSupplier nanoTime) {
        this.intervalNanos = settings.interval().toNanos();
        this.windowNanos = settings.rateWindow().toNanos();
        this.limit = settings.rateLimit();
        this.nanoTime = nanoTime;
    }

    /** {@code target} names the conversation: a channel or the recipient of a private one, kept apart by the caller. */
    Decision check(String senderId, String target) {
        var now = nanoTime.getAsLong();
        if (calls.incrementAndGet() % EVICT_EVERY == 0) {
            evict(now);
        }
        var window = windows.compute(senderId, (id, w) ->
                w == null || now - w.startNanos() >= windowNanos ? new Window(now, 1) : new Window(w.startNanos(), w.count() + 1));
        if (window.count() > limit) {
            return new Limited(Math.max(1, (window.startNanos() + windowNanos - now) / 1_000_000));
        }
        var relayed = new boolean[1];
        lastRelayed.compute(new Conversation(senderId, target), (c, last) -> {
            relayed[0] = last == null || now - last >= intervalNanos;
            return relayed[0] ? now : last;
        });
        return relayed[0] ? new Relay() : new Absorbed();
    }

    private void evict(long now) {
        lastRelayed.values().removeIf(last -> now - last >= intervalNanos);
        windows.values().removeIf(w -> now - w.startNanos() >= windowNanos);
    }
}
