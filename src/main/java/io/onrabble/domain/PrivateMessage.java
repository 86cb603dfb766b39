package io.onrabble.domain;

import java.time.Instant;

/** A direct message between two users; {@code id} is 0 until the journal assigns one. */
public record PrivateMessage(long id, String ownerId, String username, String recipientId, String recipient,
                             String message, Instant authoredAt) {

    public PrivateMessage withId(long newId) {
        return new PrivateMessage(newId, ownerId, username, recipientId, recipient, message, authoredAt);
    }

}
