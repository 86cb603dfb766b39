package io.onrabble.store;

import java.time.Instant;

/** A ban record; {@code end} is null for a permanent ban. */
public record Ban(long id, String ownerId, String banishedId, String reason, Instant start, Instant end,
                  boolean pardoned) {

}
