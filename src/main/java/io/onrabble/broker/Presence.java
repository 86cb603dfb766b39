package io.onrabble.broker;

import io.onrabble.domain.UserStatus;

import java.util.List;

/** Who is online: a user is online while at least one of their chat connections is open, on any node. */
public interface Presence {
    /** Registers a connection; true when it brought the user online. */
    boolean join(UserStatus user, String connectionId);

    /** Unregisters a connection; true when it was the user's last one. */
    boolean leave(String userId, String connectionId);

    /** Everyone online, one entry per user. */
    List<UserStatus> online();
}
