package io.onrabble.domain;

/** A user's presence as the wire shows it: {@code id} is the user id (token subject). */
public record UserStatus(String username, String id, boolean status) {
}
