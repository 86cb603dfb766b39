package io.onrabble.store;

/** A ban with the banished user's name from our directory (null when the user is not in it). */
public record BanRecord(Ban ban, String banishedUsername) {
}
