package io.onrabble.domain;

import java.time.Instant;

/**
 * A new text for the public message {@code id}, written at {@code editedAt}. Applying the same edit
 * again changes nothing, and an older edit never replaces a newer one, so every copy of a message
 * (database, recent ring, queue not yet written) can be brought to the same text in any order.
 */
public record MessageEdit(long id, String message, Instant editedAt) {
}
