package io.onrabble.chat;

import io.onrabble.auth.Principal;
import io.onrabble.domain.ChatMessage;

import java.time.Duration;
import java.time.Instant;

/**
 * Who may edit or delete a public message, and until when: its author within {@code window} of
 * sending it; an admin their own messages at any time, and anyone's deletion (moderation). Nobody
 * edits another user's message, admins included: the message would say something its author never
 * wrote, under their name. Pure.
 */
public record EditPolicy(Duration window, String adminRole) {

    public enum Verdict { ALLOWED, NOT_YOURS, WINDOW_CLOSED }

    public Verdict mayEdit(Principal who, ChatMessage message, Instant now) {
        return own(who, message) ? inTime(who, message, now) : Verdict.NOT_YOURS;
    }

    public Verdict mayDelete(Principal who, ChatMessage message, Instant now) {
        if (own(who, message)) {
            return inTime(who, message, now);
        }
        return who.hasRole(adminRole) ? Verdict.ALLOWED : Verdict.NOT_YOURS;
    }

    private static boolean own(Principal who, ChatMessage message) {
        return who.userId().equals(message.ownerId());
    }

    private Verdict inTime(Principal who, ChatMessage message, Instant now) {
        if (who.hasRole(adminRole) || !now.isAfter(message.authoredAt().plus(window))) {
            return Verdict.ALLOWED;
        }
        return Verdict.WINDOW_CLOSED;
    }
}
