package io.onrabble.typing;

import io.onrabble.broker.Broker;
import io.onrabble.broker.BrokerUnavailableException;
import io.onrabble.broker.NodeEvent;
import io.onrabble.chat.ChannelDirectory;
import io.onrabble.chat.ChatHub;
import io.onrabble.chat.Session;
import io.onrabble.metrics.Metrics;
import io.onrabble.protocol.ClientMessage;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ErrorCode;
import io.onrabble.protocol.ProtocolException;
import io.onrabble.protocol.ServerMessage;

/**
 * Typing indicators: a client's {@code typing} frame, checked and throttled ({@link TypingGate}),
 * goes through the broker to every node, and each node hands it to its connections that declared
 * {@code ?typing=1} and take part in the conversation, the sender's own user left out (it knows it is
 * typing). Nothing is stored. Blocking: the gateway calls it on the session's inbound queue.
 */
public final class TypingRelay {
    private final ChannelDirectory channels;
    private final ChatHub hub;
    private final Broker broker;
    private final Codec codec;
    private final Metrics metrics;
    private final TypingGate gate;
    private final long expiryMs;

    public TypingRelay(ChannelDirectory channels, ChatHub hub, Broker broker, Codec codec, Metrics metrics,
                       TypingSettings settings) {
        this.channels = channels;
        this.hub = hub;
        this.broker = broker;
        this.codec = codec;
        this.metrics = metrics;
        this.gate = new TypingGate(settings, System::nanoTime);
        this.expiryMs = settings.expiry().toMillis();
    }

    /** A {@code typing} frame from {@code session}: relayed, absorbed by the throttle, or refused. */
    public void typing(Session session, ClientMessage.Typing typing) {
        if (!session.capabilities().typing()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "typing needs a connection made with ?typing=1",
                    typing.nonce());
        }
        var principal = session.principal();
        String channel = null;
        if (typing.channel() != null) {
            channel = channels.byName(typing.channel()).orElseThrow(() -> new ProtocolException(ErrorCode.UNKNOWN_CHANNEL,
                    "there is no channel named '" + typing.channel() + "'", typing.nonce())).name();
        } else if (typing.recipientId().equals(principal.userId())) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "a private conversation is with another user",
                    typing.nonce());
        }
        // Prefixed, so a channel and a recipient whose id is spelled the same never share a throttle.
        var target = channel != null ? "c:" + channel : "p:" + typing.recipientId();
        switch (gate.check(principal.userId(), target)) {
            case TypingGate.Limited limited -> throw ProtocolException.rateLimited(limited.retryAfterMs(), typing.nonce());
            case TypingGate.Absorbed ignored -> metrics.typingAbsorbed();
            case TypingGate.Relay ignored -> relay(principal.userId(), principal.username(), channel,
                    typing.recipientId(), typing.nonce());
        }
    }

    private void relay(String userId, String username, String channel, String recipientId, String nonce) {
        var frame = codec.frame(new ServerMessage.Typing(userId, username, channel, expiryMs));
        try {
            broker.publish(new NodeEvent.Typing(userId, channel, channel == null ? recipientId : null, frame));
        } catch (BrokerUnavailableException e) {
            throw new ProtocolException(ErrorCode.UNAVAILABLE, "the typing indicator could not be relayed", nonce);
        }
        metrics.typingRelayed();
    }

    /** On every node: the event's frame to the local connections it is for. */
    public void deliver(NodeEvent.Typing event) {
        if (event.channel() != null) {
            hub.toChannel(event.channel(), event.frame(),
                    s -> s.capabilities().typing() && !s.principal().userId().equals(event.senderId()));
        } else {
            hub.toUser(event.recipientId(), event.frame(), s -> s.capabilities().typing());
        }
    }
}
