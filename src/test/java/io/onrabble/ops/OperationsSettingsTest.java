package io.onrabble.ops;

import io.onrabble.app.Config;
import io.onrabble.app.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings for running behind a proxy: defaults, and a clear refusal of malformed values. */
class OperationsSettingsTest {

    @Test
    void byDefaultNoProxyIsTrustedAndAStopDoesNotWait() {
        var operations = Config.fromEnv(Map.of()).operations();

        assertThat(operations.trustedProxies().clientAddress("127.0.0.1", List.of("203.0.113.7"))).isEqualTo("127.0.0.1");
        assertThat(operations.shutdownDrain()).isZero();
    }

    @Test
    void trustedProxiesAndTheDrainAreRead() {
        var operations = Config.fromEnv(Map.of("ONRABBLE_TRUSTED_PROXIES", " 10.0.0.0/8, 127.0.0.1 ",
                "ONRABBLE_SHUTDOWN_DRAIN", "5s")).operations();

        assertThat(operations.trustedProxies().clientAddress("10.9.8.7", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(operations.shutdownDrain()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void malformedValuesStopStartUpNamingTheSetting() {
        assertThatThrownBy(() -> Config.fromEnv(Map.of("ONRABBLE_TRUSTED_PROXIES", "10.0.0.0/8,proxy.local")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ONRABBLE_TRUSTED_PROXIES")
                .hasMessageContaining("proxy.local");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("ONRABBLE_SHUTDOWN_DRAIN", "a while")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ONRABBLE_SHUTDOWN_DRAIN");
        assertThatThrownBy(() -> Config.fromEnv(Map.of("ONRABBLE_LOG_FORMAT", "xml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ONRABBLE_LOG_FORMAT")
                .hasMessageContaining("text or json");
    }
}
