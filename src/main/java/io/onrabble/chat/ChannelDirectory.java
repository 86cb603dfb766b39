package io.onrabble.chat;

import io.onrabble.domain.Channel;
import io.onrabble.store.ChannelStore;

import java.util.List;
import java.util.Optional;

/** The channel list held in memory, so each message is checked without a database round trip. */
public final class ChannelDirectory {
    private final ChannelStore store;
    private volatile List<Channel> channels;

    public ChannelDirectory(ChannelStore store) {
        this.store = store;
        this.channels = store.list();
    }

    /** Re-reads the channels after a change and returns them. */
    public List<Channel> refresh() {
        channels = store.list();
        return channels;
    }

    /** Takes a list another node read after a change, without a database round trip. */
    public void adopt(List<Channel> list) {
        channels = List.copyOf(list);
    }

    public List<Channel> all() {
        return channels;
    }

    public Optional<Channel> byName(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
