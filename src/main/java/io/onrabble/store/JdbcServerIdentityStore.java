package io.onrabble.store;

import io.onrabble.domain.Timestamps;

import java.time.Instant;
import java.util.Optional;
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

    @Override
    public Optional<String> primaryIssuer() {
        return db.query("SELECT primary_issuer FROM server_identity WHERE id = 1 AND primary_issuer IS NOT NULL",
                row -> row.getString("primary_issuer")).stream().findFirst();
    }

    @Override
    public void recordPrimaryIssuer(String issuer) {
        db.update("UPDATE server_identity SET primary_issuer = ? WHERE id = 1", issuer);
    }
}
