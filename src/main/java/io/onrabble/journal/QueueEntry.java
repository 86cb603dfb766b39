package io.onrabble.journal;

/**
 * One entry of the durable queue stream, as the append script wrote it: its stream id, the kind
 * ({@link JournalEntries#PUBLIC} or {@link JournalEntries#PRIVATE}) and the message's JSON. Either
 * field is null when the entry lacks it (a damaged entry, which goes to the dead letters).
 */
record QueueEntry(String streamId, String kind, String data) {
}
