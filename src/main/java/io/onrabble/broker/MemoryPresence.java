package io.onrabble.broker;

import io.onrabble.domain.UserStatus;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** The single-node adapter: connection ids per user, changed atomically per user. */
public final class MemoryPresence implements Presence {
    private record Entry(UserStatus user, Set<String> connections) {
    }

    private final ConcurrentHashMap<String, Entry> users = new ConcurrentHashMap<>();

    @Override
    public boolean join(UserStatus user, String connectionId) {
        var cameOnline = new AtomicBoolean();
        users.compute(user.id(), (id, entry) -> {
            var connections = entry == null ? new HashSet<String>() : new HashSet<>(entry.connections());
            cameOnline.set(connections.isEmpty());
            connections.add(connectionId);
            return new Entry(user, Set.copyOf(connections));
        });
        return cameOnline.get();
    }

    @Override
    public boolean leave(String userId, String connectionId) {
        var wentOffline = new AtomicBoolean();
        users.computeIfPresent(userId, (id, entry) -> {
            if (!entry.connections().contains(connectionId)) {
                return entry;
            }
            var connections = new HashSet<>(entry.connections());
            connections.remove(connectionId);
            wentOffline.set(connections.isEmpty());
            return connections.isEmpty() ? null : new Entry(entry.user(), Set.copyOf(connections));
        });
        return wentOffline.get();
    }

    @Override
    public List<UserStatus> online() {
        return users.values().stream().map(Entry::user).toList();
    }
}
