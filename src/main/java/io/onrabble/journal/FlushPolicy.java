package io.onrabble.journal;

import java.time.Duration;

/**
 * When the flusher writes the durable queue to the database: once {@code batchSize} entries wait
 * or {@code interval} has passed, whichever comes first. Entries a consumer took but did not
 * finish for {@code claimIdle} (its node died) are taken over by another.
 */
public record FlushPolicy(int batchSize, Duration interval, Duration claimIdle) {
}
