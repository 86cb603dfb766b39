package io.onrabble.typing;

import java.time.Duration;

/**
 * Typing indicators: at most one is relayed per sender and conversation every {@code interval}; each
 * is shown for {@code expiry} (longer than the interval, so steady typing never flickers); a sender
 * may send at most {@code rateLimit} typing frames per {@code rateWindow}, relayed or not.
 */
public record TypingSettings(Duration interval, Duration expiry, int rateLimit, Duration rateWindow) {
}
