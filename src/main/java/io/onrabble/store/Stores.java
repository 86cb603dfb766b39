package io.onrabble.store;

/** Every persistence port, as wired by the composition root. */
public record Stores(ChannelStore channels, MessageStore messages, UserStore users, SessionStore sessions,
                     BanStore bans, RateLimitStore rateLimits, ServerIdentityStore identity,
                     AnalyticsStore analytics, ReadMarkerStore readMarkers) {

    /** The JDBC adapters over one database; the same SQL serves SQLite and PostgreSQL. */
    public static Stores jdbc(Database db) {
        return new Stores(new JdbcChannelStore(db), new JdbcMessageStore(db), new JdbcUserStore(db),
                new JdbcSessionStore(db), new JdbcBanStore(db), new JdbcRateLimitStore(db),
                new JdbcServerIdentityStore(db), new JdbcAnalyticsStore(db), new JdbcReadMarkerStore(db));
    }
}
