package io.onrabble.testing;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Two servers on one PostgreSQL database and one Valkey, as one chat server: the fixture of the
 * cross-node tests. They share one data directory, so both trust the same development issuer key.
 */
public final class TwoNodes implements AutoCloseable {
    private final TestPostgres postgres;
    private final TestValkey valkey;
    private final TestServer a;
    private final TestServer b;

    private TwoNodes(TestPostgres postgres, TestValkey valkey, TestServer a, TestServer b) {
        this.postgres = postgres;
        this.valkey = valkey;
        this.a = a;
        this.b = b;
    }

    /** Starts both nodes; {@code settings} (name, value, ...) apply to each. */
    public static TwoNodes start(String... settings) throws Exception {
        var postgres = TestPostgres.create();
        var valkey = TestValkey.shared();
        var dataDir = Files.createTempDirectory("onrabble-two-nodes").toString();
        var all = new ArrayList<>(List.of("DATABASE_URL", postgres.url(), "VALKEY_URL", valkey.url(),
                "VALKEY_PREFIX", valkey.prefix(), "DATA_DIR", dataDir));
        all.addAll(List.of(settings));
        var a = TestServer.start(all.toArray(String[]::new));
        var b = TestServer.start(all.toArray(String[]::new));
        return new TwoNodes(postgres, valkey, a, b);
    }

    public TestServer a() {
        return a;
    }

    public TestServer b() {
        return b;
    }

    @Override
    public void close() {
        a.close();
        b.close();
        valkey.close();
        postgres.close();
    }
}
