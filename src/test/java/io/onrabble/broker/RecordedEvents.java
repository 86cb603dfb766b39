package io.onrabble.broker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A node's handler that keeps every event it is handed, in order, whatever its kind. */
final class RecordedEvents implements NodeEventHandler {
    final List<NodeEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onChat(NodeEvent.Chat event) {
        events.add(event);
    }

    @Override
    public void onPrivate(NodeEvent.Private event) {
        events.add(event);
    }

    @Override
    public void onPresenceChanged(NodeEvent.PresenceChanged event) {
        events.add(event);
    }

    @Override
    public void onMessagesDeleted(NodeEvent.MessagesDeleted event) {
        events.add(event);
    }

    @Override
    public void onDisconnect(NodeEvent.Disconnect event) {
        events.add(event);
    }

    @Override
    public void onChannelsChanged(NodeEvent.ChannelsChanged event) {
        events.add(event);
    }

    @Override
    public void onRateLimitsChanged(NodeEvent.RateLimitsChanged event) {
        events.add(event);
    }

    @Override
    public void onTyping(NodeEvent.Typing event) {
        events.add(event);
    }

    @Override
    public void onReadMarkerMoved(NodeEvent.ReadMarkerMoved event) {
        events.add(event);
    }

    @Override
    public void onMessageEdited(NodeEvent.MessageEdited event) {
        events.add(event);
    }
}
