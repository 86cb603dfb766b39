package io.onrabble.domain;

/** A server-wide channel; {@code description} may be null. */
public record Channel(long id, String name, String description, int sortOrder) {
}
