package io.onrabble.ops;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which address counts as the client's: only a trusted proxy's X-Forwarded-For is believed. */
class TrustedProxiesTest {
    private final TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "127.0.0.1", "fd00::/8"));

    @Test
    void aTrustedProxysForwardedAddressIsTheClient() {
        assertThat(proxies.clientAddress("10.1.2.3", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(proxies.clientAddress("fd00::1", List.of("2001:db8::5"))).isEqualTo("2001:db8::5");
    }

    @Test
    void anyoneElsesHeaderIsIgnored() {
        assertThat(proxies.clientAddress("198.51.100.9", List.of("203.0.113.7"))).isEqualTo("198.51.100.9");
        assertThat(TrustedProxies.none().clientAddress("127.0.0.1", List.of("203.0.113.7"))).isEqualTo("127.0.0.1");
    }

    @Test
    void theRightMostUntrustedHopWinsSoAForgedLeftPartIsIgnored() {
        // The client sent "1.2.3.4" itself; the edge proxy appended the address it saw, then an inner proxy its own.
        assertThat(proxies.clientAddress("127.0.0.1", List.of("1.2.3.4, 203.0.113.7", "10.0.0.5")))
                .isEqualTo("203.0.113.7");
        assertThat(proxies.clientAddress("127.0.0.1", List.of("10.0.0.9, 10.0.0.5"))).isEqualTo("10.0.0.9");
        assertThat(proxies.clientAddress("127.0.0.1", List.of())).isEqualTo("127.0.0.1");
        assertThat(proxies.clientAddress("127.0.0.1", List.of("not-an-address"))).isEqualTo("127.0.0.1");
    }

    @Test
    void aMalformedRangeIsRefusedWithTheEntryNamed() {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.example.com"))).hasMessageContaining("proxy.example.com");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/x"))).hasMessageContaining("10.0.0.0/x");
    }
}
