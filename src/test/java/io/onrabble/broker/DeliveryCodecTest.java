package io.onrabble.broker;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Events between nodes, without Valkey: every kind survives the trip, frames keep their very bytes, junk is refused. */
@Tag("fast")
class DeliveryCodecTest {

    @Test
    void everyKindOfEventSurvivesTheTripUnchanged() {
        for (var event : BrokerContractTest.EVERY_KIND) {
            assertThat(DeliveryCodec.decode(DeliveryCodec.encode(event))).isEqualTo(event);
        }
    }

    @Test
    void theFrameTravelsAsTheBytesThePublisherEncodedAfterAOneLineHeader() {
        var chat = (NodeEvent.Chat) BrokerContractTest.EVERY_KIND.getFirst();

        var text = DeliveryCodec.encode(chat);

        assertThat(text).isEqualTo("{\"kind\":\"chat\",\"id\":41,\"channel\":\"General\"}\n"
                + new String(chat.frame().json(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void anythingThatIsNotACompleteEventIsRefused() {
        assertThatThrownBy(() -> DeliveryCodec.decode("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeliveryCodec.decode("{\"kind\":\"gossip\"}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeliveryCodec.decode("{\"kind\":\"chat\",\"id\":41,\"channel\":\"General\"}"))
                .as("a chat event without its frame").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeliveryCodec.decode("{\"kind\":\"disconnect\",\"code\":4003,\"reason\":\"banned\"}"))
                .as("a disconnect without its user").isInstanceOf(IllegalArgumentException.class);
    }
}
