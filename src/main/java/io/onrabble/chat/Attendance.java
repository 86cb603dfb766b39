package io.onrabble.chat;

import io.onrabble.store.ChatSession;
import io.onrabble.store.SessionStore;
import io.onrabble.store.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/** Who came and how long they stayed: the user directory on arrival, the session record on departure. Blocking. */
public final class Attendance {
    private static final Logger log = LoggerFactory.getLogger(Attendance.class);

    private final UserStore users;
    private final SessionStore sessions;
    private final Clock clock;

    public Attendance(UserStore users, SessionStore sessions, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** Notes the user in the directory (name, issuer, last seen). */
    void arrived(Session session) {
        var principal = session.principal();
        users.seen(principal.userId(), principal.username(), principal.issuer(), clock.instant());
    }

    /** Records the session for analytics; a failure is logged, since the client is gone anyway. */
    void left(Session session) {
        var principal = session.principal();
        try {
            sessions.record(new ChatSession(principal.userId(), principal.clientId(), session.connectedAt(), clock.instant()));
        } catch (RuntimeException e) {
            log.warn("could not record the session of user {}: {}", principal.userId(), e.getMessage());
        }
    }
}
