package io.onrabble.chat;

import java.time.Duration;

/**
 * How presence is delivered (see {@link PresenceFeed}).
 *
 * @param interval    changes are coalesced and sent once per interval
 * @param legacyLimit the most online users a client without presence batches is shown
 * @param pageSize    the most users one {@code presence} frame lists
 */
public record PresenceSettings(Duration interval, int legacyLimit, int pageSize) {
}
