package io.onrabble.store;

import io.onrabble.domain.Timestamps;

import java.time.Instant;
import java.util.UUID;

public final class JdbcServerIdentityStore implements ServerIdentityStore {
    private final Database db;

    public JdbcServerIdentityStore(Database db) {
        this.db = db;
    }

    @Override
    public ServerIdentity loadOrCreate(String serverName) {
        db.update("INSERT INTO server_identity (id, server_id, server_name, created_at) VALUES (1, ?, ?, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET server_name = excluded.server_name",
                UUID.randomUUID().toString(), serverName, Timestamps.toMicros(Instant.now()));
        return db.queryOne("SELECT server_id, server_name FROM server_identity WHERE id = 1",
                row -> new ServerIdentity(row.getString("server_id"), row.getString("server_name"))).orElseThrow();
    }
}
