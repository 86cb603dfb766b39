package io.onrabble.broker;

/**
 * A node's handling of the events every node receives, one method per kind (as centrifuge's
 * {@code BrokerEventHandler}): the composition root implements it and hands each event to the
 * feature it belongs to. Brokers call {@link #handle}, one event after another, in publish order.
 */
public interface NodeEventHandler {
    void onChat(NodeEvent.Chat event);

    void onPrivate(NodeEvent.Private event);

    void onPresenceChanged(NodeEvent.PresenceChanged event);

    void onMessagesDeleted(NodeEvent.MessagesDeleted event);

    void onDisconnect(NodeEvent.Disconnect event);

    void onMessageEdited(NodeEvent.MessageEdited event);

    void onChannelsChanged(NodeEvent.ChannelsChanged event);

    void onRateLimitsChanged(NodeEvent.RateLimitsChanged event);

    void onTyping(NodeEvent.Typing event);

    void onReadMarkerMoved(NodeEvent.ReadMarkerMoved event);

    /** Routes an event to its method; a new kind of event does not compile until it has one. */
    default void handle(NodeEvent event) {
        switch (event) {
            case NodeEvent.Chat chat -> onChat(chat);
            case NodeEvent.Private dm -> onPrivate(dm);
            case NodeEvent.PresenceChanged presence -> onPresenceChanged(presence);
            case NodeEvent.MessagesDeleted deleted -> onMessagesDeleted(deleted);
            case NodeEvent.Disconnect disconnect -> onDisconnect(disconnect);
            case NodeEvent.ChannelsChanged channels -> onChannelsChanged(channels);
            case NodeEvent.RateLimitsChanged limits -> onRateLimitsChanged(limits);
            case NodeEvent.Typing typing -> onTyping(typing);
            case NodeEvent.ReadMarkerMoved marker -> onReadMarkerMoved(marker);
            case NodeEvent.MessageEdited edited -> onMessageEdited(edited);
        }
    }
}
