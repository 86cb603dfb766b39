package io.onrabble.testing;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * The two ways the server runs: embedded (SQLite, in-process cache) and production (PostgreSQL and
 * Valkey). Test classes that promise behaviour in both run once per mode, e.g. with
 * {@code @ParameterizedClass @EnumSource(Mode.class)}.
 */
public enum Mode {
    EMBEDDED,
    /** A throwaway PostgreSQL database and a Valkey key prefix of the server's own, both dropped on close. */
    PRODUCTION;

    /** Starts a server in this mode; {@code settings} as in {@link TestServer#start(String...)}. */
    public TestServer start(String... settings) throws Exception {
        if (this == EMBEDDED) {
            return TestServer.start(settings);
        }
        var postgres = TestPostgres.create();
        TestValkey valkey = null;
        try {
            valkey = TestValkey.shared();
            var all = new ArrayList<>(Arrays.asList(settings));
            all.addAll(java.util.List.of("DATABASE_URL", postgres.url(), "VALKEY_URL", valkey.url(),
                    "VALKEY_PREFIX", valkey.prefix(), "DATABASE_POOL_SIZE", "4"));
            return TestServer.start(all.toArray(String[]::new)).closing(valkey, postgres);
        } catch (Exception | Error e) {
            if (valkey != null) {
                valkey.close();
            }
            postgres.close();
            throw e;
        }
    }
}
