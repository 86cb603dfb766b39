package io.onrabble.store;

import io.onrabble.protocol.Channel;

import java.util.List;

/** Channels, in display order ({@code sort_order}, then id). */
public interface ChannelStore {
    List<Channel> list();
}
