package io.onrabble.broker;

import io.onrabble.domain.UserStatus;

/** A chat connection open on this node, as presence counts it. */
public record LocalConnection(UserStatus user, String connectionId) {
}
