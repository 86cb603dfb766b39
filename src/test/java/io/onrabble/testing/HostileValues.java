package io.onrabble.testing;

import java.util.List;
import java.util.Set;

/** Hostile values for request targets, shared by the fuzz tests of the admin API and the public routes. */
public final class HostileValues {
    /** Values as they appear in a request target: percent-escapes are sent as they are. */
    public static final List<String> PARAMETERS = List.of(
            "%00", "a%00b", "%01", "%0A", "%0D%0AX-Injected:%201", "%1B%5B31m", "%7F", "%C2%85",
            "%C3%28", "%FF", "%C0%AF", "%ED%A0%80", "%F4%90%80%80", "%E2%80%AE", "%EF%BB%BF",
            "%", "%G1", "%2", "a%", "%25", "", "%20", "+", "'%20OR%201=1--", "%2F..%2F..%2Fetc%2Fpasswd",
            "-1", "0", "-9223372036854775808", "9223372036854775808", "99999999999999999999999999999",
            "1e309", "NaN", "0x10", "1.5", "true",
            "%2B300000-01-01T00:00:00Z", "-290000-01-01T00:00:00Z", "0000-12-31T23:59:59Z",
            "9999-12-31T23:59:60Z", "2025-02-30T00:00:00Z", "2025-05-20T14:00:00%2B25:00", "2025-05-20",
            "x".repeat(10_000), "%F0%9F%98%80".repeat(1_000), "x".repeat(40_000));
    /** Those no parameter can hold: control characters, bytes that are not UTF-8, broken escapes. */
    public static final Set<String> MUST_BE_REFUSED = Set.of("%00", "a%00b", "%01", "%0A", "%0D%0AX-Injected:%201",
            "%1B%5B31m", "%7F", "%C2%85", "%C3%28", "%FF", "%C0%AF", "%ED%A0%80", "%F4%90%80%80", "%", "%G1", "%2", "a%");
    /** A {@code %} without two hex digits after it. */
    public static final Set<String> BROKEN_ESCAPES = Set.of("%", "%G1", "%2", "a%");

    private HostileValues() {
    }
}
